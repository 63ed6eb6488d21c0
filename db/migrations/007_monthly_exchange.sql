-- One county's monthly data exchange (seed 003 三(二)2): one row per county and month.
CREATE TABLE exchanges (
  exchange_id     text PRIMARY KEY,          -- exchange-<county>-<YYYY-MM>
  county_code     text NOT NULL,
  month           text NOT NULL CHECK (month ~ '^\d{4}-\d{2}$'),
  workflow_id     text NOT NULL,             -- the scheduled run that owns it
  state           text NOT NULL,
  context         jsonb NOT NULL,
  allowed_actions text[] NOT NULL,
  overdue         text[] NOT NULL DEFAULT '{}',
  version         int NOT NULL DEFAULT 0,
  opened_at       timestamptz NOT NULL DEFAULT now(),
  closed_at       timestamptz,
  UNIQUE (county_code, month)
);
