import { defineAnswersRepliesSuite } from './answers-replies.suite.js';

defineAnswersRepliesSuite('postgres', 'redis');
