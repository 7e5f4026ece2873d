import { defineAnswersRepliesSuite } from './answers-replies.suite.js';

defineAnswersRepliesSuite('pglite', 'memory');
