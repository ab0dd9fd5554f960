// Names an admin (or an attacker with a VM console) can give things, chosen to break naive quoting in PowerShell:
// both ASCII quotes, the typographic quotes PowerShell ALSO treats as quotes (U+2018/2019/201A/201B single,
// U+201C/201D/201E double), a subexpression, a variable, a backtick, ';', '#', braces, non-ASCII text.
// `sideEffect(file)` embeds commands that would create `file` if anything ever ran them.
export const SINGLE_QUOTES = ["'", '\u2018', '\u2019', '\u201a', '\u201b'];
export const DOUBLE_QUOTES = ['"', '\u201c', '\u201d', '\u201e'];

export const HOSTILE_NAME = `a'b"c$(x) \u2018q\u2019 \u201cd\u201d ; \`t ü 日本 $env:PATH \${y} @(1) # end`;

/** The environment variable naming the file `SIDE_EFFECT` would create (set it in the stub prelude). */
export const SIDE_EFFECT_ENV = 'FERRY_PWNED';

/**
 * Text that creates the file named by $env:FERRY_PWNED if any quoting around it fails, whichever quote character
 * breaks out (no '/' in it, so it can be part of a file name too).
 */
const touch = `ni $env:${SIDE_EFFECT_ENV}`;
export const SIDE_EFFECT = `x $(${touch}) ${[...SINGLE_QUOTES, ...DOUBLE_QUOTES].map((q) => `${q}; ${touch}; ${q}`).join(' ')} \`$(${touch})`;
/** The same, short enough for one folder name (255 bytes): the ASCII quotes, U+2019, and $(...). */
export const SIDE_EFFECT_SEGMENT = `$(${touch}) '; ${touch}; ' \u2019; ${touch}; \u2019 "; ${touch}; "`;
