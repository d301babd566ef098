-- A token gets an id, so an admin can list a hotel's staff tokens and revoke one without
-- ever seeing (or sending) the token itself.
ALTER TABLE api_tokens ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE;
