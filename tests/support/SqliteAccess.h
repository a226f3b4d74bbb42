#pragma once

// SQLite-specific: the ledger's own SQLite connection, for the tests and
// benchmarks that set up or inspect rows no store interface exposes (damage
// for verify, exact columns, bulk seeding). Valid only for a ledger opened
// on a SQLite file; a test that uses it runs against SQLite alone.

#include <QSqlDatabase>

class Ledger;
struct sqlite3;

QSqlDatabase sqliteConnection(Ledger &ledger);
sqlite3 *sqliteHandle(Ledger &ledger);
