// `npm run lint`: ESLint over the tree (or the paths given). Fails on any error or warning, except the size rules
// (files over 400 lines, functions over 100): those are listed as a report that does not fail, so they stay
// visible while they are worked down. One ESLint run; the messages are split by rule.
import { ESLint } from 'eslint';

const SIZE_RULES = new Set(['max-lines', 'max-lines-per-function']);
const paths = process.argv.slice(2);

const eslint = new ESLint();
const results = await eslint.lintFiles(paths.length ? paths : ['.']);
const formatter = await eslint.loadFormatter('stylish');

/** The results with only the messages keep() accepts, counts redone (the formatter prints them). */
function only(keep) {
  return results
    .map((r) => {
      const messages = r.messages.filter(keep);
      const count = (severity, fixable) => messages.filter((m) => m.severity === severity && (!fixable || m.fix)).length;
      return {
        ...r,
        messages,
        suppressedMessages: [],
        errorCount: count(2),
        fatalErrorCount: messages.filter((m) => m.fatal).length,
        warningCount: count(1),
        fixableErrorCount: count(2, true),
        fixableWarningCount: count(1, true),
      };
    })
    .filter((r) => r.messages.length > 0);
}

const size = only((m) => SIZE_RULES.has(m.ruleId ?? ''));
const strict = only((m) => !SIZE_RULES.has(m.ruleId ?? ''));

if (size.length > 0) {
  const files = size.reduce((n, r) => n + r.messages.filter((m) => m.ruleId === 'max-lines').length, 0);
  const functions = size.reduce((n, r) => n + r.messages.filter((m) => m.ruleId === 'max-lines-per-function').length, 0);
  console.log(`Size report (warnings, not failing): ${files} file(s) over 400 lines, ${functions} function(s) over 100 lines`);
  console.log(await formatter.format(size));
}
const problems = strict.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
if (problems > 0) console.log(await formatter.format(strict));
console.log(problems === 0 ? `lint: no problems in ${results.length} file(s) (size warnings above do not fail)` : `lint: ${problems} problem(s) fail the lint`);
process.exitCode = problems === 0 ? 0 : 1;
