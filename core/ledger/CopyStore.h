#pragma once

#include "util/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class Ledger;

// One stored value, as the backend holds it: moving a ledger from one
// backend to another copies values, never their meaning. Money stays an
// integer all the way (a floating-point value is refused on reading).
struct CopyCell
{
    enum class Type : quint8 { Null, Integer, Text, Blob };
    Type type = Type::Null;
    qint64 integer = 0;
    QByteArray bytes; // Text: UTF-8; Blob: raw bytes

    static CopyCell null() { return {}; }
    static CopyCell number(qint64 v) { return {Type::Integer, v, {}}; }
    static CopyCell text(QByteArray utf8) { return {Type::Text, 0, std::move(utf8)}; }
    static CopyCell blob(QByteArray raw) { return {Type::Blob, 0, std::move(raw)}; }
};

// A batch of rows of one table, in the order of `columns`; row-major cells.
struct RowBatch
{
    QString table;
    QStringList columns;
    int rows = 0;
    QList<CopyCell> cells; // rows * columns.size()

    const CopyCell &at(int row, int column) const { return cells[row * columns.size() + column]; }
};

// The ledger's rows as they are, for moving a store to another backend
// (`ledger copy`, core/service/LedgerCopy): read from one ledger in one
// consistent snapshot and written into another in one transaction, ids
// kept. Each backend implements it with its own SQL (ledger/sqlite/
// SqliteCopy.cpp, ledger/postgres/PgCopy.cpp); which tables, in which
// order, and the checks around them are LedgerCopy's.
//
// Every method sees `meta` without its `schema_version` row: each backend
// numbers its own schema steps, so that row is the target's own.
// Backend-private columns (a PostgreSQL inbox claim, a hint that expires)
// are not part of a copy.
class CopyStore
{
public:
    virtual ~CopyStore() = default;

    // The columns of `table` a copy carries, in the table's order; an error
    // naming the table when this ledger has no such table.
    virtual Result<QStringList> columns(const QString &table) = 0;
    // Rows in `table` now (inside a write: as that write sees them).
    virtual Result<qint64> countRows(const QString &table) = 0;

    // Source side: opens one read-only snapshot, reads `tables` in this
    // order and hands their rows to `sink` in batches of at most batchRows
    // (never the whole table in memory), then closes the snapshot. Must not
    // run inside a write. A sink's error stops the read and is returned.
    virtual Status exportTables(const QStringList &tables, int batchRows,
                                const std::function<Status(const RowBatch &)> &sink) = 0;

    // Target side, inside one write (Ledger::write): appends the batch's
    // rows as they are, ids included. Batches of one table may follow one
    // another; a batch of another table ends the table before it.
    virtual Status importRows(const RowBatch &batch) = 0;
    // After the last batch, still inside the write: ends the last table and
    // sets every identity past the highest id copied, so that the next row
    // the ledger writes gets a new id.
    virtual Status finishImport() = 0;
    // After a failure inside the write (the source's read failed, a batch
    // was refused): ends whatever is still open, so that the write can roll
    // back. Nothing of the import survives the rollback.
    virtual void abandonImport() = 0;
};

// The copy store of an open ledger, on its connection (ledger/
// CopyStoreFactory.cpp: the one place it is chosen, by the ledger's backend).
std::unique_ptr<CopyStore> createCopyStore(Ledger &ledger);
