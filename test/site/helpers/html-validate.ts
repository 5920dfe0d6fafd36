import { HtmlValidate } from 'html-validate';
import { readHtmlPages } from './built-site.ts';

/** html-validate's recommended rules, as the issue tracker's check ran them. */
const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

/** Every html-validate error (severity 2) on every built page, as "page:line:column rule: message". */
export async function htmlValidateErrors(distDir: string): Promise<{ pages: number; errors: string[] }> {
  const pages = await readHtmlPages(distDir);
  const errors: string[] = [];
  for (const [name, html] of pages) {
    const report = await validator.validateString(html, name);
    for (const result of report.results) {
      for (const message of result.messages) {
        if (message.severity === 2) errors.push(`${name}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`);
      }
    }
  }
  return { pages: pages.length, errors };
}
