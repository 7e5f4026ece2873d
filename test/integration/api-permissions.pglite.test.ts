import { defineApiPermissionsSuite } from './api-permissions.suite.js';

defineApiPermissionsSuite('pglite', 'memory');
