-- Which link a token belongs to. Every new link (OAuth code exchange) takes a new generation; a refresh keeps
-- it. A call's failure is judged against the generation of the token it used: a 401 on a token of an earlier
-- link (the sync user linked again meanwhile) never flips the new link.
CREATE SEQUENCE credential_link_generation;
ALTER TABLE credential
    ADD COLUMN link_generation bigint NOT NULL DEFAULT nextval('credential_link_generation');
