#pragma once

#include "util/Error.h"

#include <QStringList>

class PgConnection;

// The PostgreSQL ledger's schema, in numbered steps like the SQLite one
// (ledger/sqlite/Schema.cpp): version 1 is the whole of today's ledger
// (SQLite's steps 1 to 4, written for PostgreSQL); every later change is a
// new step, never an edit of an old one.
namespace PgSchema {

int currentVersion();
// The oldest server the ledger runs on (PostgreSQL 13: ON CONFLICT, identity
// columns, DROP DATABASE ... WITH (FORCE) for the tests).
inline constexpr int kMinServerVersion = 130000;
// 0: no ledger in this database yet.
Result<int> version(PgConnection &conn);
// Brings the schema to the current version in one transaction, under an
// advisory lock, so that instances starting at once migrate it once. A
// schema newer than this program is refused, and nothing is written.
Status migrate(PgConnection &conn);
// Every statement of every step, for a backup script to recreate the schema.
QStringList allStatements();

} // namespace PgSchema
