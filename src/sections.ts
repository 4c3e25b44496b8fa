import type { Section } from './model.js';

/** Every section of the tree in document order (a section before its children). */
export function allSections(sections: readonly Section[], out: Section[] = []): Section[] {
  for (const section of sections) {
    out.push(section);
    allSections(section.children, out);
  }
  return out;
}
