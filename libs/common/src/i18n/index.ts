export * from './catalogue.en.js';
export * from './catalogue.ru.js';
export * from './lang.js';
export * from './messages.js';
export * from './plural.js';
