-- Read models of the crediting part: the directory, deals with their credits, and quotas.
CREATE TABLE IF NOT EXISTS employees (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  department text NOT NULL,
  title text,
  manager_id text,
  active boolean NOT NULL DEFAULT true
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS employees_department ON employees (department, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS employees_email ON employees (email);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS deals (
  id text PRIMARY KEY,
  name text NOT NULL,
  account text NOT NULL,
  owner_id text NOT NULL,
  deal_type text NOT NULL,
  amount numeric(17, 2) NOT NULL,
  products jsonb NOT NULL,
  status text NOT NULL,
  opened_on date NOT NULL,
  closed_on date
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS deals_owner ON deals (owner_id, id);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS credits (
  id text PRIMARY KEY,
  deal_id text NOT NULL,
  contributor_id text NOT NULL,
  credited_by text NOT NULL,
  kind text NOT NULL,
  note text NOT NULL,
  credited_at timestamptz NOT NULL,
  status text NOT NULL,
  retracted_reason text,
  retracted_at timestamptz
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS credits_deal ON credits (deal_id, credited_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS credits_contributor ON credits (contributor_id, credited_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS credits_creditor ON credits (credited_by, credited_at, id);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS quotas (
  employee_id text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  amount numeric(17, 2) NOT NULL,
  PRIMARY KEY (employee_id, period_start, period_end)
);
