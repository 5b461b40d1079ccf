-- The archive index that `vnplan index DB PATH...` writes: SQLite 3.38 or
-- later (JSON functions built in) with FTS5. One set of rows per indexed
-- document; every child row names its document and goes with it
-- (ON DELETE CASCADE), so replacing a changed file is one DELETE and the
-- inserts, in one transaction.
--
-- Lines are 1-based source lines of the document. Dates are ISO 8601 text
-- ("2021-07-15"; "2026-01" or "2026" when the document leaves the day or
-- the month blank). Text is as the document writes it; the `folded`
-- columns hold the same text folded for search (see vnplan_fold below).
--
-- The schema version is PRAGMA user_version; `vnplan index` refuses a
-- database with another version.
PRAGMA user_version = 1;

-- One row per indexed file content. A file whose sha256 is already here
-- (under any path) is not indexed twice.
CREATE TABLE documents (
  id              INTEGER PRIMARY KEY,
  path            TEXT NOT NULL UNIQUE,   -- the path given to vnplan index
  sha256          TEXT NOT NULL UNIQUE,   -- of the source bytes
  bytes           INTEGER NOT NULL,
  lines           INTEGER NOT NULL,
  file_size       INTEGER,                -- stat() when indexed: an unchanged file
  file_mtime_ns   INTEGER,                --   is not read again
  type            TEXT,                   -- "KẾ HOẠCH" as written
  type_code       TEXT,                   -- "KH"
  number          TEXT,                   -- "167"
  symbol          TEXT,                   -- "KH-UBND"
  number_year     INTEGER,                -- 2025 in 55/2025/NQ-HĐND
  key             TEXT,                   -- how others cite it: "167/KH-UBND" (cited_documents.key)
  issuer          TEXT,                   -- document.issuer.name, NULL when the model has none
  issuer_parent   TEXT,                   -- document.issuer.parent
  issuer_scope    TEXT,                   -- "national", "province", "local"
  province        TEXT,                   -- document.province.name (canonical)
  province_former TEXT,                   -- the unit before the 2025 mergers
  place           TEXT,                   -- of the place-and-date line
  date            TEXT,
  year            INTEGER,
  title           TEXT,
  title_line      INTEGER,
  period_from     INTEGER,
  period_to       INTEGER,
  signer          TEXT,
  signer_title    TEXT
);
CREATE INDEX documents_key ON documents(key);

-- The documents one document cites, its mentions of each merged.
CREATE TABLE cited_documents (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,               -- "76/NQ-CP", "118/2025/NĐ-CP", "57-NQ/TW", a law's name
  type        TEXT,                        -- "Nghị quyết"
  type_code   TEXT,
  number      TEXT,
  year        INTEGER,
  symbol      TEXT,
  date        TEXT,
  issuer      TEXT,                        -- as written after "của"
  title       TEXT,
  roles       TEXT NOT NULL,               -- "basis,body": where it is cited
  basis       INTEGER NOT NULL,            -- 1 when cited as a legal basis
  first_line  INTEGER
);
CREATE INDEX cited_documents_document ON cited_documents(document_id, key);
CREATE INDEX cited_documents_key ON cited_documents(key);

-- Every mention, with its line and role.
CREATE TABLE mentions (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  cited_id    INTEGER REFERENCES cited_documents(id) ON DELETE CASCADE,
  line        INTEGER NOT NULL,
  col         INTEGER,
  role        TEXT NOT NULL,               -- "basis", "body", "annex", "footnote"
  type        TEXT,
  type_code   TEXT,
  number      TEXT,
  year        INTEGER,
  symbol      TEXT,
  symbol_raw  TEXT,                        -- as written, when it differs from symbol
  date        TEXT,
  issuer      TEXT,
  title       TEXT,
  text        TEXT                         -- the mention as written
);
CREATE INDEX mentions_document ON mentions(document_id);
CREATE INDEX mentions_cited ON mentions(cited_id);

-- The annex tables.
CREATE TABLE tables (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,            -- 1-based, in document order
  title       TEXT,
  line        INTEGER,
  end_line    INTEGER,
  kind        TEXT,                        -- "tasks", "indicators", "other"
  columns     TEXT                         -- JSON: [{"header", "role"}]
);
CREATE INDEX tables_document ON tables(document_id, idx);

-- Every record of the tables: sections, groups, tasks and indicators.
CREATE TABLE tasks (
  id             INTEGER PRIMARY KEY,
  document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  table_id       INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,         -- 1-based, in the table
  kind           TEXT NOT NULL,            -- "section", "group", "task", "indicator"
  number         TEXT,
  section        TEXT,
  parent         TEXT,
  title          TEXT,
  line           INTEGER,
  text           TEXT,                     -- the task (else activity, indicator, objective, output, title)
  lead           TEXT,                     -- the cells as written
  support        TEXT,
  deadline       TEXT,
  cells          TEXT NOT NULL,            -- JSON: every cell by role
  due_kind       TEXT,                     -- the deadline read as dates
  due_start      TEXT,
  due_end        TEXT,
  due_recurrence TEXT,                     -- "yearly"
  due_until      TEXT,
  due_condition  TEXT,
  quantity_value REAL,                     -- an indicator's number
  quantity_unit  TEXT,
  quantity_code  TEXT
);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_table ON tasks(table_id, seq);
CREATE INDEX tasks_due ON tasks(due_end);

-- The agencies of the lead and support cells.
CREATE TABLE agencies (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  task_id     INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('lead', 'support')),
  seq         INTEGER NOT NULL,            -- 0-based, in the cell
  name        TEXT NOT NULL,               -- as written
  key         TEXT,                        -- the library's grouping key
  folded      TEXT NOT NULL                -- "so noi vu" for "Sở Nội vụ"
);
CREATE INDEX agencies_document ON agencies(document_id);
CREATE INDEX agencies_task ON agencies(task_id);
CREATE INDEX agencies_folded ON agencies(folded, role);

CREATE TABLE diagnostics (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  severity    TEXT NOT NULL,
  code        TEXT NOT NULL,
  line        INTEGER,
  message     TEXT NOT NULL
);
CREATE INDEX diagnostics_document ON diagnostics(document_id);

-- Full-text search over titles, task texts and agency names. `folded` is
-- the text in lower case without tone marks or other diacritics and with
-- đ as d ("phoi hop" for "Phối hợp"): NFD, combining marks dropped, by
-- the SQL function vnplan_fold() that `vnplan index` registers. A query is
-- folded the same way (`vnplan index --search DB WORDS`); from another
-- SQLite client, write the query folded: search MATCH 'phoi hop'.
CREATE TABLE search_items (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('title', 'task', 'agency')),
  item_id     INTEGER,                     -- documents.id, tasks.id or agencies.id
  line        INTEGER,
  text        TEXT NOT NULL,
  folded      TEXT NOT NULL
);
CREATE INDEX search_items_document ON search_items(document_id);
CREATE VIRTUAL TABLE search USING fts5(folded, content='search_items', content_rowid='id',
                                       tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER search_items_insert AFTER INSERT ON search_items BEGIN
  INSERT INTO search(rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER search_items_delete AFTER DELETE ON search_items BEGIN
  INSERT INTO search(search, rowid, folded) VALUES ('delete', old.id, old.folded);
END;

-- Issuer codes of the symbol (the part after "-" in "76/NQ-CP", after "/"
-- in "57-NQ/TW", without the term digits of "QH15") that name a national
-- body: one such symbol is one document nationwide. Any other code
-- (UBND, HĐND, TU, SNV...) is issued in every province, so the corpus
-- checks compare its citations within the citing document's province.
CREATE TABLE national_issuer_codes (code TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO national_issuer_codes(code) VALUES
  ('CP'), ('TTg'), ('QH'), ('UBTVQH'), ('CTN'), ('VPCP'), ('NHNN'), ('TW'), ('VPTW'),
  ('BTCTW'), ('BTGTW'), ('BDVTW'), ('UBKTTW'), ('TANDTC'), ('VKSNDTC'), ('KTNN'),
  ('BCA'), ('BCT'), ('BGDĐT'), ('BGTVT'), ('BKHCN'), ('BKHĐT'), ('BLĐTBXH'), ('BNG'),
  ('BNNMT'), ('BNNPTNT'), ('BNV'), ('BQP'), ('BTC'), ('BTNMT'), ('BTP'), ('BTTTT'),
  ('BVHTTDL'), ('BXD'), ('BYT'), ('BDTTG'), ('UBDT');

-- Cited documents that the archive holds itself: the same key and the
-- same date; a citation without a date links to a document of the same
-- key from the citing document's own province (or place), since local
-- bodies of many provinces issue "01/KH-UBND". (`vnplan check --index`
-- applies the same rule to the archive with the files it checks:
-- scope_links in extract/cli/index_scope.c.)
CREATE VIEW citation_links AS
  SELECT c.id AS cited_id, c.document_id AS citing_id, d.id AS target_id, c.key AS key
  FROM cited_documents c
  JOIN documents citing ON citing.id = c.document_id
  JOIN documents d ON d.key = c.key AND d.id <> c.document_id
  WHERE d.date = c.date
     OR (c.date IS NULL AND coalesce(d.province, d.place) = coalesce(citing.province, citing.place));
