-- Notifications (in-app inbox), office webhooks, and the transactional outbox that delivers e-mail and webhooks.
-- Rows are written in the transaction that changes what they announce (a status flip, a dossier added), so a
-- crash loses none; the unique keys make a second write of the same event impossible.

-- The in-app channel: one row per event per recipient, readable at once (GET /api/v1/me/notifications).
CREATE TABLE notification (
    id             uuid        PRIMARY KEY,
    office_id      uuid        NOT NULL REFERENCES office (id),
    user_id        uuid        NOT NULL REFERENCES app_user (id),
    event_id       uuid        NOT NULL,
    event_type     text        NOT NULL,
    connection_id  uuid        REFERENCES accounting_system_connection (id) ON DELETE CASCADE,
    language       text        NOT NULL CHECK (language IN ('nl', 'en')),
    title          text        NOT NULL,
    body           text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    read_at        timestamptz,
    CONSTRAINT one_notification_per_event_per_user UNIQUE (event_id, user_id)
);
CREATE INDEX notification_inbox ON notification (user_id, created_at DESC);

-- An office's webhook endpoints. The signing secret is encrypted (AES-GCM, bound to the webhook id): Koppel
-- must read it to sign, and shows it only once, in the reply that creates the webhook.
CREATE TABLE webhook (
    id          uuid        PRIMARY KEY,
    office_id   uuid        NOT NULL REFERENCES office (id),
    url         text        NOT NULL CHECK (url ~ '^https?://'),
    events      text[]      NOT NULL,
    secret_enc  bytea       NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_office ON webhook (office_id);

-- The outbox: one row per event per e-mail recipient or per webhook. A delivery route claims due rows with
-- FOR UPDATE SKIP LOCKED and a lease; a row whose lease expired (its instance died) is claimed again, with
-- the same id, which is the webhook-id receivers dedupe on.
CREATE TABLE outbox (
    id               uuid        PRIMARY KEY,
    office_id        uuid        NOT NULL REFERENCES office (id),
    event_id         uuid        NOT NULL,
    event_type       text        NOT NULL,
    channel          text        NOT NULL CHECK (channel IN ('EMAIL', 'WEBHOOK')),
    user_id          uuid        REFERENCES app_user (id),
    webhook_id       uuid        REFERENCES webhook (id) ON DELETE CASCADE,
    recipient        text        NOT NULL,
    subject          text,
    body             text        NOT NULL,
    status           text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'DEAD')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_owner      text,
    lease_expires_at timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    CONSTRAINT outbox_recipient CHECK ((channel = 'EMAIL') = (user_id IS NOT NULL)
                                       AND (channel = 'WEBHOOK') = (webhook_id IS NOT NULL)),
    CONSTRAINT one_email_per_event_per_user UNIQUE (event_id, channel, user_id),
    CONSTRAINT one_delivery_per_event_per_webhook UNIQUE (event_id, webhook_id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX outbox_webhook ON outbox (webhook_id, created_at DESC);

-- Every delivery attempt, for the delivery log (GET .../webhooks/{id}/deliveries) and for operators.
CREATE TABLE outbox_attempt (
    id             bigserial   PRIMARY KEY,
    outbox_id      uuid        NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    attempt        integer     NOT NULL,
    attempted_at   timestamptz NOT NULL DEFAULT now(),
    outcome        text        NOT NULL CHECK (outcome IN ('SENT', 'FAILED', 'GAVE_UP')),
    http_status    integer,
    error          text,
    duration_ms    bigint
);
CREATE INDEX outbox_attempt_outbox ON outbox_attempt (outbox_id, id);
