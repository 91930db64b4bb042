-- A spent token presented again within refresh_reuse_grace (a client
-- retrying a refresh whose answer it lost) mints one sibling pair, once:
-- grace_used_at records it, set by a compare-and-set, so of any number of
-- replays (sequential or racing, on any node) at most one mints; the next
-- is reuse and revokes the family.
ALTER TABLE refresh_tokens ADD COLUMN grace_used_at BIGINT;
