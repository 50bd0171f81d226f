"""The literal SQL each numbered schema step ran when it was written (frozen).

Never edit a statement here: databases on clerks' PCs were made by exactly this text
(tests/fixtures/schema_v*.db; tests/store/test_schema_growth.py compares). The steps
were first written as code deriving the tables from domain/fields.py; that code would
follow today's declarations, so what it produced then is kept here instead. Columns
declared later are added by store/schema_sync.py, not by editing these.
"""

from __future__ import annotations

# fmt: off

M001_INITIAL = (
    """CREATE TABLE IF NOT EXISTS "communities" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "name" TEXT NOT NULL,
   "code" TEXT,
   "note" TEXT
)""",
    """CREATE INDEX IF NOT EXISTS "idx_communities_updated_at"
    ON "communities" ("updated_at")""",
    """CREATE UNIQUE INDEX IF NOT EXISTS "key_communities"
    ON "communities" ("name")""",
    """CREATE TABLE IF NOT EXISTS "advisors" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "name" TEXT NOT NULL,
   "firm" TEXT NOT NULL,
   "licence_no" TEXT,
   "mobile" TEXT,
   "community_id" TEXT NOT NULL REFERENCES "communities"("id"),
   "contract_start" TEXT,
   "contract_end" TEXT,
   "assistant" TEXT,
   "status" TEXT
)""",
    """CREATE INDEX IF NOT EXISTS "idx_advisors_name"
    ON "advisors" ("name")""",
    """CREATE INDEX IF NOT EXISTS "idx_advisors_community_id"
    ON "advisors" ("community_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_advisors_updated_at"
    ON "advisors" ("updated_at")""",
    """CREATE UNIQUE INDEX IF NOT EXISTS "key_advisors"
    ON "advisors" ("name", "firm")""",
    """CREATE TABLE IF NOT EXISTS "shifts" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "community_id" TEXT NOT NULL REFERENCES "communities"("id"),
   "advisor_id" TEXT NOT NULL REFERENCES "advisors"("id"),
   "date" TEXT NOT NULL,
   "start_time" TEXT,
   "end_time" TEXT,
   "location" TEXT,
   "status" TEXT,
   "note" TEXT
)""",
    """CREATE INDEX IF NOT EXISTS "idx_shifts_community_id"
    ON "shifts" ("community_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_shifts_advisor_id"
    ON "shifts" ("advisor_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_shifts_date"
    ON "shifts" ("date")""",
    """CREATE INDEX IF NOT EXISTS "idx_shifts_status"
    ON "shifts" ("status")""",
    """CREATE INDEX IF NOT EXISTS "idx_shifts_updated_at"
    ON "shifts" ("updated_at")""",
    """CREATE INDEX IF NOT EXISTS "key_shifts"
    ON "shifts" ("community_id", "advisor_id", "date", "start_time")""",
    """CREATE TABLE IF NOT EXISTS "services" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "community_id" TEXT NOT NULL REFERENCES "communities"("id"),
   "advisor_id" TEXT NOT NULL REFERENCES "advisors"("id"),
   "date" TEXT NOT NULL,
   "mode" TEXT NOT NULL,
   "service_type" TEXT NOT NULL,
   "hours" REAL NOT NULL,
   "persons" INTEGER,
   "summary" TEXT
)""",
    """CREATE INDEX IF NOT EXISTS "idx_services_community_id"
    ON "services" ("community_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_services_advisor_id"
    ON "services" ("advisor_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_services_date"
    ON "services" ("date")""",
    """CREATE INDEX IF NOT EXISTS "idx_services_service_type"
    ON "services" ("service_type")""",
    """CREATE INDEX IF NOT EXISTS "idx_services_updated_at"
    ON "services" ("updated_at")""",
    """CREATE TABLE IF NOT EXISTS "events" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "community_id" TEXT NOT NULL REFERENCES "communities"("id"),
   "date" TEXT NOT NULL,
   "event_type" TEXT NOT NULL,
   "topic" TEXT NOT NULL,
   "audience" TEXT,
   "speaker_id" TEXT REFERENCES "advisors"("id"),
   "attendance" INTEGER,
   "online_reach" INTEGER
)""",
    """CREATE INDEX IF NOT EXISTS "idx_events_community_id"
    ON "events" ("community_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_events_date"
    ON "events" ("date")""",
    """CREATE INDEX IF NOT EXISTS "idx_events_event_type"
    ON "events" ("event_type")""",
    """CREATE INDEX IF NOT EXISTS "idx_events_speaker_id"
    ON "events" ("speaker_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_events_updated_at"
    ON "events" ("updated_at")""",
    """CREATE TABLE IF NOT EXISTS "cases" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "case_no" TEXT NOT NULL,
   "received_date" TEXT NOT NULL,
   "community_id" TEXT NOT NULL REFERENCES "communities"("id"),
   "body" TEXT NOT NULL,
   "category" TEXT NOT NULL,
   "source" TEXT,
   "applicant" TEXT NOT NULL,
   "applicant_id_no" TEXT,
   "applicant_phone" TEXT,
   "respondent" TEXT,
   "respondent_id_no" TEXT,
   "respondent_phone" TEXT,
   "amount_disputed" REAL,
   "mediator" TEXT,
   "advisor_id" TEXT REFERENCES "advisors"("id"),
   "status" TEXT NOT NULL,
   "closed_date" TEXT,
   "performance" TEXT,
   "amount_recovered" REAL,
   "judicial_confirmation" INTEGER,
   "covid" INTEGER,
   "summary" TEXT,
   "agreement" TEXT
)""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_case_no"
    ON "cases" ("case_no")""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_received_date"
    ON "cases" ("received_date")""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_community_id"
    ON "cases" ("community_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_category"
    ON "cases" ("category")""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_applicant"
    ON "cases" ("applicant")""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_applicant_id_no"
    ON "cases" ("applicant_id_no")""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_respondent"
    ON "cases" ("respondent")""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_advisor_id"
    ON "cases" ("advisor_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_status"
    ON "cases" ("status")""",
    """CREATE INDEX IF NOT EXISTS "idx_cases_updated_at"
    ON "cases" ("updated_at")""",
    """CREATE UNIQUE INDEX IF NOT EXISTS "key_cases"
    ON "cases" ("case_no")""",
    """CREATE TABLE IF NOT EXISTS "petitions" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "petition_no" TEXT NOT NULL,
   "registered_date" TEXT NOT NULL,
   "channel" TEXT NOT NULL,
   "petitioner" TEXT NOT NULL,
   "id_no" TEXT,
   "phone" TEXT,
   "headcount" INTEGER,
   "community_id" TEXT REFERENCES "communities"("id"),
   "subject" TEXT NOT NULL,
   "category" TEXT,
   "screening" TEXT,
   "route" TEXT,
   "legal_service" INTEGER,
   "guided_legal" INTEGER,
   "receiving_unit" TEXT,
   "case_no" TEXT,
   "status" TEXT NOT NULL,
   "concluded_date" TEXT,
   "amount_recovered" REAL,
   "covid" INTEGER,
   "handling" TEXT
)""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_petition_no"
    ON "petitions" ("petition_no")""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_registered_date"
    ON "petitions" ("registered_date")""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_channel"
    ON "petitions" ("channel")""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_petitioner"
    ON "petitions" ("petitioner")""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_id_no"
    ON "petitions" ("id_no")""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_community_id"
    ON "petitions" ("community_id")""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_category"
    ON "petitions" ("category")""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_route"
    ON "petitions" ("route")""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_status"
    ON "petitions" ("status")""",
    """CREATE INDEX IF NOT EXISTS "idx_petitions_updated_at"
    ON "petitions" ("updated_at")""",
    """CREATE UNIQUE INDEX IF NOT EXISTS "key_petitions"
    ON "petitions" ("petition_no")""",
    """CREATE TABLE "audit" (
   "id" INTEGER PRIMARY KEY,
   "at" TEXT NOT NULL,
   "operator" TEXT,
   "entity" TEXT NOT NULL,
   "record_id" TEXT NOT NULL,
   "action" TEXT NOT NULL,
   "before" TEXT,
   "after" TEXT
)""",
    """CREATE INDEX "idx_audit_entity_record_id"
    ON "audit" ("entity", "record_id")""",
    """CREATE INDEX "idx_audit_at"
    ON "audit" ("at")""",
    """CREATE TABLE "history" (
   "id" INTEGER PRIMARY KEY,
   "at" TEXT NOT NULL,
   "entity" TEXT NOT NULL,
   "record_id" TEXT NOT NULL,
   "reason" TEXT NOT NULL,
   "data" TEXT NOT NULL,
   "import_id" INTEGER
)""",
    """CREATE INDEX "idx_history_entity_record_id"
    ON "history" ("entity", "record_id")""",
    """CREATE TABLE "tombstones" (
   "entity" TEXT,
   "record_id" TEXT,
   "deleted_at" TEXT NOT NULL,
   "label" TEXT,
   PRIMARY KEY ("entity", "record_id")
)""",
    """CREATE TABLE "settings" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT
)""",
    """CREATE TABLE "holiday_overrides" (
   "date" TEXT PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "name" TEXT
)""",
)

M002_IMPORTS = (
    """CREATE TABLE IF NOT EXISTS "imports" (
   "id" INTEGER PRIMARY KEY,
   "at" TEXT NOT NULL,
   "operator" TEXT,
   "file_name" TEXT NOT NULL,
   "sha256" TEXT NOT NULL,
   "source_unit" TEXT,
   "exported_at" TEXT,
   "counts" TEXT,
   "conflicts" INTEGER
)""",
    """CREATE INDEX IF NOT EXISTS "idx_imports_sha256"
    ON "imports" ("sha256")""",
)

M003_REPORT_TEXTS = (
    """CREATE TABLE IF NOT EXISTS "report_texts" (
   "year" INTEGER PRIMARY KEY,
   "problems" TEXT,
   "plans" TEXT,
   "updated_at" TEXT
)""",
)

M004_STATS_INDEXES = (
    """CREATE INDEX IF NOT EXISTS "stats_shifts"
    ON "shifts" ("date", "community_id", "status")""",
    """CREATE INDEX IF NOT EXISTS "stats_services"
    ON "services" ("date", "community_id", "service_type", "hours", "persons")""",
    """CREATE INDEX IF NOT EXISTS "stats_events"
    ON "events" ("date", "community_id", "event_type")""",
    """CREATE INDEX IF NOT EXISTS "stats_cases"
    ON "cases" ("received_date", "category", "status", "advisor_id", "amount_recovered", "judicial_confirmation", "covid")""",
    """CREATE INDEX IF NOT EXISTS "stats_petitions"
    ON "petitions" ("registered_date", "route", "legal_service", "guided_legal", "amount_recovered", "covid")""",
)

# Per entity: the keyword-search index (store/search.py), its vocabulary views and
# the triggers that keep it, as m005 made them. Filled by 'rebuild' after creation.
M005_SEARCH_INDEX = {
    "services": (
        """CREATE VIEW [search_services_doc] (rid, body) AS SELECT t.rowid, coalesce(t.[summary], '') || char(10) || char(10) FROM [services] t""",
        """CREATE VIRTUAL TABLE [search_services] USING fts5(body, content='search_services_doc', content_rowid='rid', tokenize='trigram', detail=full, columnsize=0)""",
        """CREATE VIRTUAL TABLE [search_services_terms] USING fts5vocab('search_services', 'row')""",
        """CREATE VIRTUAL TABLE [search_services_hits] USING fts5vocab('search_services', 'instance')""",
        """CREATE TRIGGER [search_services_insert] AFTER INSERT ON [services] BEGIN INSERT INTO [search_services] (rowid, body) VALUES (new.rowid, coalesce(new.[summary], '') || char(10) || char(10)); END""",
        """CREATE TRIGGER [search_services_delete] AFTER DELETE ON [services] BEGIN INSERT INTO [search_services] ([search_services], rowid, body) VALUES ('delete', old.rowid, coalesce(old.[summary], '') || char(10) || char(10)); END""",
        """CREATE TRIGGER [search_services_update] AFTER UPDATE OF [summary] ON [services] WHEN old.[summary] IS NOT new.[summary] BEGIN INSERT INTO [search_services] ([search_services], rowid, body) VALUES ('delete', old.rowid, coalesce(old.[summary], '') || char(10) || char(10)); INSERT INTO [search_services] (rowid, body) VALUES (new.rowid, coalesce(new.[summary], '') || char(10) || char(10)); END""",
    ),
    "events": (
        """CREATE VIEW [search_events_doc] (rid, body) AS SELECT t.rowid, coalesce(t.[topic], '') || char(10) || char(10) FROM [events] t""",
        """CREATE VIRTUAL TABLE [search_events] USING fts5(body, content='search_events_doc', content_rowid='rid', tokenize='trigram', detail=full, columnsize=0)""",
        """CREATE VIRTUAL TABLE [search_events_terms] USING fts5vocab('search_events', 'row')""",
        """CREATE VIRTUAL TABLE [search_events_hits] USING fts5vocab('search_events', 'instance')""",
        """CREATE TRIGGER [search_events_insert] AFTER INSERT ON [events] BEGIN INSERT INTO [search_events] (rowid, body) VALUES (new.rowid, coalesce(new.[topic], '') || char(10) || char(10)); END""",
        """CREATE TRIGGER [search_events_delete] AFTER DELETE ON [events] BEGIN INSERT INTO [search_events] ([search_events], rowid, body) VALUES ('delete', old.rowid, coalesce(old.[topic], '') || char(10) || char(10)); END""",
        """CREATE TRIGGER [search_events_update] AFTER UPDATE OF [topic] ON [events] WHEN old.[topic] IS NOT new.[topic] BEGIN INSERT INTO [search_events] ([search_events], rowid, body) VALUES ('delete', old.rowid, coalesce(old.[topic], '') || char(10) || char(10)); INSERT INTO [search_events] (rowid, body) VALUES (new.rowid, coalesce(new.[topic], '') || char(10) || char(10)); END""",
    ),
    "cases": (
        """CREATE VIEW [search_cases_doc] (rid, body) AS SELECT t.rowid, coalesce(t.[case_no], '') || char(10) || coalesce(t.[applicant], '') || char(10) || coalesce(t.[respondent], '') || char(10) || coalesce(t.[mediator], '') || char(10) || coalesce(t.[summary], '') || char(10) || char(10) FROM [cases] t""",
        """CREATE VIRTUAL TABLE [search_cases] USING fts5(body, content='search_cases_doc', content_rowid='rid', tokenize='trigram', detail=full, columnsize=0)""",
        """CREATE VIRTUAL TABLE [search_cases_terms] USING fts5vocab('search_cases', 'row')""",
        """CREATE VIRTUAL TABLE [search_cases_hits] USING fts5vocab('search_cases', 'instance')""",
        """CREATE TRIGGER [search_cases_insert] AFTER INSERT ON [cases] BEGIN INSERT INTO [search_cases] (rowid, body) VALUES (new.rowid, coalesce(new.[case_no], '') || char(10) || coalesce(new.[applicant], '') || char(10) || coalesce(new.[respondent], '') || char(10) || coalesce(new.[mediator], '') || char(10) || coalesce(new.[summary], '') || char(10) || char(10)); END""",
        """CREATE TRIGGER [search_cases_delete] AFTER DELETE ON [cases] BEGIN INSERT INTO [search_cases] ([search_cases], rowid, body) VALUES ('delete', old.rowid, coalesce(old.[case_no], '') || char(10) || coalesce(old.[applicant], '') || char(10) || coalesce(old.[respondent], '') || char(10) || coalesce(old.[mediator], '') || char(10) || coalesce(old.[summary], '') || char(10) || char(10)); END""",
        """CREATE TRIGGER [search_cases_update] AFTER UPDATE OF [case_no], [applicant], [respondent], [mediator], [summary] ON [cases] WHEN old.[case_no] IS NOT new.[case_no] OR old.[applicant] IS NOT new.[applicant] OR old.[respondent] IS NOT new.[respondent] OR old.[mediator] IS NOT new.[mediator] OR old.[summary] IS NOT new.[summary] BEGIN INSERT INTO [search_cases] ([search_cases], rowid, body) VALUES ('delete', old.rowid, coalesce(old.[case_no], '') || char(10) || coalesce(old.[applicant], '') || char(10) || coalesce(old.[respondent], '') || char(10) || coalesce(old.[mediator], '') || char(10) || coalesce(old.[summary], '') || char(10) || char(10)); INSERT INTO [search_cases] (rowid, body) VALUES (new.rowid, coalesce(new.[case_no], '') || char(10) || coalesce(new.[applicant], '') || char(10) || coalesce(new.[respondent], '') || char(10) || coalesce(new.[mediator], '') || char(10) || coalesce(new.[summary], '') || char(10) || char(10)); END""",
    ),
    "petitions": (
        """CREATE VIEW [search_petitions_doc] (rid, body) AS SELECT t.rowid, coalesce(t.[petition_no], '') || char(10) || coalesce(t.[petitioner], '') || char(10) || coalesce(t.[subject], '') || char(10) || coalesce(t.[handling], '') || char(10) || char(10) FROM [petitions] t""",
        """CREATE VIRTUAL TABLE [search_petitions] USING fts5(body, content='search_petitions_doc', content_rowid='rid', tokenize='trigram', detail=full, columnsize=0)""",
        """CREATE VIRTUAL TABLE [search_petitions_terms] USING fts5vocab('search_petitions', 'row')""",
        """CREATE VIRTUAL TABLE [search_petitions_hits] USING fts5vocab('search_petitions', 'instance')""",
        """CREATE TRIGGER [search_petitions_insert] AFTER INSERT ON [petitions] BEGIN INSERT INTO [search_petitions] (rowid, body) VALUES (new.rowid, coalesce(new.[petition_no], '') || char(10) || coalesce(new.[petitioner], '') || char(10) || coalesce(new.[subject], '') || char(10) || coalesce(new.[handling], '') || char(10) || char(10)); END""",
        """CREATE TRIGGER [search_petitions_delete] AFTER DELETE ON [petitions] BEGIN INSERT INTO [search_petitions] ([search_petitions], rowid, body) VALUES ('delete', old.rowid, coalesce(old.[petition_no], '') || char(10) || coalesce(old.[petitioner], '') || char(10) || coalesce(old.[subject], '') || char(10) || coalesce(old.[handling], '') || char(10) || char(10)); END""",
        """CREATE TRIGGER [search_petitions_update] AFTER UPDATE OF [petition_no], [petitioner], [subject], [handling] ON [petitions] WHEN old.[petition_no] IS NOT new.[petition_no] OR old.[petitioner] IS NOT new.[petitioner] OR old.[subject] IS NOT new.[subject] OR old.[handling] IS NOT new.[handling] BEGIN INSERT INTO [search_petitions] ([search_petitions], rowid, body) VALUES ('delete', old.rowid, coalesce(old.[petition_no], '') || char(10) || coalesce(old.[petitioner], '') || char(10) || coalesce(old.[subject], '') || char(10) || coalesce(old.[handling], '') || char(10) || char(10)); INSERT INTO [search_petitions] (rowid, body) VALUES (new.rowid, coalesce(new.[petition_no], '') || char(10) || coalesce(new.[petitioner], '') || char(10) || coalesce(new.[subject], '') || char(10) || coalesce(new.[handling], '') || char(10) || char(10)); END""",
    ),
}
# fmt: on


# m006: the parties of a case as records of their own (当事人). The case keeps the
# names; the ID numbers and phones move to the parties.
M006_PARTIES_TABLE = (
    """CREATE TABLE "parties" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "case_id" TEXT NOT NULL REFERENCES "cases"("id"),
   "role" TEXT NOT NULL,
   "party_type" TEXT NOT NULL,
   "name" TEXT NOT NULL,
   "gender" TEXT,
   "ethnicity" TEXT,
   "birth_date" TEXT,
   "occupation" TEXT,
   "address" TEXT,
   "phone" TEXT,
   "id_type" TEXT,
   "id_no" TEXT,
   "legal_rep" TEXT,
   "legal_rep_title" TEXT,
   "agent" TEXT,
   "agent_phone" TEXT
)""",
    """CREATE INDEX "idx_parties_case_id"
    ON "parties" ("case_id")""",
    """CREATE INDEX "idx_parties_role"
    ON "parties" ("role")""",
    """CREATE INDEX "idx_parties_name"
    ON "parties" ("name")""",
    """CREATE INDEX "idx_parties_id_no"
    ON "parties" ("id_no")""",
    """CREATE INDEX "idx_parties_updated_at"
    ON "parties" ("updated_at")""",
    """CREATE INDEX "key_parties"
    ON "parties" ("case_id", "role", "name")""",
)
M006_CASES_OLD_PARTY_COLUMNS = (
    "applicant_id_no",
    "applicant_phone",
    "respondent_id_no",
    "respondent_phone",
)
M006_DROP = (
    """DROP INDEX IF EXISTS "idx_cases_applicant_id_no\"""",
    *(f'ALTER TABLE "cases" DROP COLUMN "{c}"' for c in M006_CASES_OLD_PARTY_COLUMNS),
)
# Names that are an organisation's, not a person's (the old columns did not say).
M006_ORGANISATION_ENDINGS = (
    "公司", "厂", "店", "部", "行", "中心", "管理处", "委员会", "医院", "学校", "幼儿园",
    "银行", "合作社", "事务所", "集团", "工作室", "酒店", "餐厅", "超市", "诊所",
)  # fmt: skip

# m006 also: the work on a case as records, and the agreement's parts on the case.
M006_WORK_TABLES = (
    """CREATE TABLE "case_records" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "case_id" TEXT NOT NULL REFERENCES "cases"("id"),
   "kind" TEXT NOT NULL,
   "date" TEXT NOT NULL,
   "place" TEXT,
   "participants" TEXT,
   "recorder" TEXT,
   "content" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_case_records_case_id"
    ON "case_records" ("case_id")""",
    """CREATE INDEX "idx_case_records_date"
    ON "case_records" ("date")""",
    """CREATE INDEX "idx_case_records_updated_at"
    ON "case_records" ("updated_at")""",
    """CREATE TABLE "visits" (
   "id" TEXT PRIMARY KEY NOT NULL,
   "updated_at" TEXT NOT NULL,
   "synced_at" TEXT,
   "origin" TEXT,
   "case_id" TEXT NOT NULL REFERENCES "cases"("id"),
   "date" TEXT NOT NULL,
   "visitor" TEXT NOT NULL,
   "method" TEXT NOT NULL,
   "performance" TEXT,
   "satisfaction" TEXT,
   "content" TEXT
)""",
    """CREATE INDEX "idx_visits_case_id"
    ON "visits" ("case_id")""",
    """CREATE INDEX "idx_visits_date"
    ON "visits" ("date")""",
    """CREATE INDEX "idx_visits_updated_at"
    ON "visits" ("updated_at")""",
)
M006_CASE_COLUMNS = (
    'ALTER TABLE "cases" ADD COLUMN "disputed_issues" TEXT',
    'ALTER TABLE "cases" ADD COLUMN "responsibilities" TEXT',
    'ALTER TABLE "cases" ADD COLUMN "agreement_form" TEXT',
    'ALTER TABLE "cases" ADD COLUMN "amount_agreed" REAL',
    'ALTER TABLE "cases" ADD COLUMN "performance_method" TEXT',
    'ALTER TABLE "cases" ADD COLUMN "performance_deadline" TEXT',
    'ALTER TABLE "cases" ADD COLUMN "other_terms" TEXT',
    'ALTER TABLE "cases" ADD COLUMN "extended_until" TEXT',
    'ALTER TABLE "cases" ADD COLUMN "extension_consent" INTEGER',
    'ALTER TABLE "cases" ADD COLUMN "confirmation_court" TEXT',
    'ALTER TABLE "cases" ADD COLUMN "confirmation_applied" TEXT',
    'ALTER TABLE "cases" ADD COLUMN "confirmation_ruling" TEXT',
)

M007_REPORT_BLOCKS = (
    """CREATE TABLE IF NOT EXISTS "report_blocks" (
   "year" INTEGER NOT NULL,
   "key" TEXT NOT NULL,
   "text" TEXT,
   "seen" TEXT,
   "updated_at" TEXT,
   PRIMARY KEY ("year", "key")
)""",
)
