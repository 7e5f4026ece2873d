import { defineApiMarkdownSuite } from './api-markdown.suite.js';

defineApiMarkdownSuite('pglite', 'memory');
