import { writeFileSync } from 'node:fs';

export type IniSections = Record<string, Record<string, string | number | boolean>>;

/** Writes an INI file from sections of key/values; returns its path. */
export function writeIni(file: string, sections: IniSections): string {
  let text = '';
  for (const [section, keys] of Object.entries(sections)) {
    text += `[${section}]\n`;
    for (const [k, v] of Object.entries(keys)) text += `${k} = ${v}\n`;
  }
  writeFileSync(file, text);
  return file;
}
