-- A client's access tokens: 'opaque' (lkat_…) or 'jwt' (RFC 9068, signed with the JWKS's RS256
-- key); docs/oidc.md "Tokens".
ALTER TABLE oauth_clients ADD COLUMN access_token_format TEXT NOT NULL DEFAULT 'opaque';
