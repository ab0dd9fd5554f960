# A real SMTP server for the tests (aiosmtpd, Debian's python3-aiosmtpd): listens on 127.0.0.1:PORT, writes each
# message it accepts to OUTDIR as N.eml (the bytes received) and N.json (envelope, headers, text and HTML parts as
# Python's email package parses them). With USER and PASSWORD it requires AUTH (PLAIN/LOGIN, without TLS: tests
# only) and refuses any other account with 535. A recipient whose address contains "refused" gets 550.
# With FERRY_SMTP_CERT and FERRY_SMTP_KEY (PEM files) it offers STARTTLS and requires it before MAIL.
# Prints "READY" when it accepts connections; ends when stdin closes.
import asyncio, json, os, ssl, sys
from email import policy
from email.parser import BytesParser
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

host, port, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
user = sys.argv[4] if len(sys.argv) > 4 else ''
password = sys.argv[5] if len(sys.argv) > 5 else ''
count = 0

class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if 'refused' in address:
            return '550 5.1.1 <%s>: Recipient address rejected: User unknown' % address
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        raw = envelope.original_content or envelope.content
        base = os.path.join(outdir, '%04d' % count)
        with open(base + '.eml.tmp', 'wb') as f:
            f.write(raw)
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        text = msg.get_body(preferencelist=('plain',))
        html = msg.get_body(preferencelist=('html',))
        doc = {
            'mail_from': envelope.mail_from,
            'rcpt_tos': envelope.rcpt_tos,
            'auth_user': (session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None),
            'headers': {k: str(v) for k, v in msg.items()},
            'content_type': msg.get_content_type(),
            'text': text.get_content() if text is not None else None,
            'html': html.get_content() if html is not None else None,
        }
        with open(base + '.json.tmp', 'w', encoding='utf-8') as f:
            json.dump(doc, f)
        os.replace(base + '.eml.tmp', base + '.eml')
        os.replace(base + '.json.tmp', base + '.json')
        return '250 Message accepted for delivery'

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data)

kwargs = {}
if user:
    kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)
if os.environ.get('FERRY_SMTP_CERT'):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.environ['FERRY_SMTP_CERT'], os.environ['FERRY_SMTP_KEY'])
    kwargs.update(tls_context=context, require_starttls=True)
controller = Controller(Handler(), hostname=host, port=port, **kwargs)
controller.start()
print('READY', flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
