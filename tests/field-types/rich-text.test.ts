import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../engine/src/field-types/index.ts';
import { sampleField } from './support.ts';

const type = createBuiltinRegistry().require('rich_text');
const field = sampleField(type);
const save = (html: string) => type.toColumns(html, field)[field.api_name];

describe('rich_text sanitising', () => {
  it.each([
    ['<p>hi</p><script>alert(document.cookie)</script>', '<p>hi</p>'],
    ['<SCRIPT SRC=//evil.example/x.js></SCRIPT><p>x</p>', '<p>x</p>'],
    ['<img src=x onerror=alert(1)>', null],
    ['<p onclick="steal()" onmouseover="x()">text</p>', '<p>text</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<a href="//evil.example">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<a href="mailto:sales@example.com" target="_blank">mail</a>', '<a href="mailto:sales@example.com" target="_blank" rel="noopener noreferrer">mail</a>'],
    ['<a href="https://example.com" target="_top" rel="opener">x</a>', '<a href="https://example.com" rel="noopener noreferrer">x</a>'],
    ['<style>body{display:none}</style><p style="color:red">x</p>', '<p>x</p>'],
    ['<iframe src="https://example.com"></iframe><object data="x"></object>', null],
    ['<svg><script>alert(1)</script></svg>', null],
    ['<form action="https://evil"><input name="pw"></form>', null],
    ['<table><tr><td colspan="2" onclick="x">c</td></tr></table>', '<table><tr><td colspan="2">c</td></tr></table>'],
    ['<h2>Title</h2><ol start="3"><li><s>done</s></li></ol><blockquote>q</blockquote>', '<h2>Title</h2><ol start="3"><li><s>done</s></li></ol><blockquote>q</blockquote>'],
  ])('%s', (input, stored) => {
    expect(save(input)).toBe(stored);
  });

  it('is idempotent, so what is read back saves unchanged', () => {
    for (const sample of type.samples.good) {
      const once = save(sample.input as string);
      if (typeof once === 'string') expect(save(once)).toBe(once);
    }
  });
});
