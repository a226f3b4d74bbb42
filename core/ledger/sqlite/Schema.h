#pragma once

#include "util/Error.h"

class QSqlDatabase;

// The ledger's schema as numbered steps. Step N takes a database at version
// N-1 to version N inside one transaction; a failed step rolls back and leaves
// the file at its old version. Steps are frozen once released: a change is a
// new step, never an edit of an old one.
namespace Schema {

int currentVersion();
// The version recorded in the file; 0 for an empty file.
Result<int> version(QSqlDatabase &db);
// Brings the file to targetVersion (default: current). Tests pass a lower
// target to build a file as an older release left it.
Status migrate(QSqlDatabase &db, int targetVersion = -1);

} // namespace Schema
