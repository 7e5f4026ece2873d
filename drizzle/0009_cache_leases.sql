CREATE TABLE "cache_leases" (
	"owner" text PRIMARY KEY NOT NULL,
	"until" timestamp (3) with time zone NOT NULL
);
