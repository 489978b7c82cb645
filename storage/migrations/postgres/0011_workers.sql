-- Twin of ../sqlite/0011_workers.sql, plus reserve_send_slot: the shared pace's one round trip.
CREATE TABLE handled_updates (
    bot_id      BIGINT NOT NULL,
    update_id   BIGINT NOT NULL,
    handled_at  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX handled_updates_age ON handled_updates(handled_at);

CREATE TABLE workers (
    owner        TEXT COLLATE "C" PRIMARY KEY,
    started_at   TEXT COLLATE "C" NOT NULL,
    alive_until  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE send_pace (
    bot_id        BIGINT PRIMARY KEY,
    next_at       DOUBLE PRECISION NOT NULL,
    paused_until  DOUBLE PRECISION NOT NULL
);
CREATE TABLE chat_pace (
    bot_id   BIGINT NOT NULL,
    chat_id  BIGINT NOT NULL,
    free_at  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (bot_id, chat_id)
);
CREATE INDEX chat_pace_age ON chat_pace(free_at);

-- The moment (server clock, epoch seconds) one message may leave, reserved under the pace row's lock:
-- not before the bot's next slot, its 429 hold or the chat's next free moment. Reserving moves the next
-- slot `spacing` on and the chat's `chat_interval` on. Returns (slot, the server's now) so the worker
-- sleeps slot - now whatever its own clock says. Row locks are taken pace row first, then the chat's,
-- so two reservations never deadlock; autocommit releases them at once.
CREATE FUNCTION reserve_send_slot(p_bot BIGINT, p_chat BIGINT, p_spacing DOUBLE PRECISION,
                                  p_chat_interval DOUBLE PRECISION,
                                  OUT slot DOUBLE PRECISION, OUT server_now DOUBLE PRECISION)
LANGUAGE plpgsql AS $$
DECLARE
    chat_free DOUBLE PRECISION := 0;
    pace send_pace%ROWTYPE;
BEGIN
    INSERT INTO send_pace (bot_id, next_at, paused_until) VALUES (p_bot, 0, 0) ON CONFLICT DO NOTHING;
    SELECT * INTO pace FROM send_pace WHERE bot_id = p_bot FOR UPDATE;
    IF p_chat IS NOT NULL AND p_chat_interval > 0 THEN
        INSERT INTO chat_pace (bot_id, chat_id, free_at) VALUES (p_bot, p_chat, 0) ON CONFLICT DO NOTHING;
        SELECT free_at INTO chat_free FROM chat_pace WHERE bot_id = p_bot AND chat_id = p_chat FOR UPDATE;
    END IF;
    -- read after the locks: a reservation that waited for another must not use a stale clock
    server_now := extract(epoch FROM clock_timestamp());
    slot := GREATEST(server_now, pace.next_at, pace.paused_until, chat_free);
    UPDATE send_pace SET next_at = slot + p_spacing WHERE bot_id = p_bot;
    IF p_chat IS NOT NULL AND p_chat_interval > 0 THEN
        UPDATE chat_pace SET free_at = slot + p_chat_interval WHERE bot_id = p_bot AND chat_id = p_chat;
    END IF;
END
$$;
