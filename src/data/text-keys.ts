// PostgreSQL text cannot hold NUL, so no stored slug or username contains one. A lookup by such a key names no
// row; sent as is, it would fail the statement and reach the client as an internal error instead of "not found".
export const canName = (key: string) => !key.includes('\u0000');
