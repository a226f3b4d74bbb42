// The copy store (CopyStore.h) on SQLite: rows read in one read
// transaction (a snapshot in WAL mode, while other connections go on), and
// written with one prepared INSERT per table inside the caller's write.
#include "ledger/sqlite/SqliteCopy.h"

#include "ledger/CopySql.h"
#include "ledger/sqlite/SqliteLedger.h"

#include <sqlite3.h>

#include <QHash>

namespace {

using CopySql::quoted;
using CopySql::rowFilter;

// One statement, finalized on every path.
class Statement
{
public:
    Statement(sqlite3 *db, const QByteArray &sql)
        : m_db(db)
    {
        m_ok =
            sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &m_stmt, nullptr) == SQLITE_OK;
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool ok() const { return m_ok; }
    sqlite3_stmt *get() const { return m_stmt; }
    Error error(const QString &what) const
    {
        return Error::database(
            QStringLiteral("%1: %2").arg(what, QString::fromUtf8(sqlite3_errmsg(m_db))));
    }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
    bool m_ok = false;
};

class SqliteCopy final : public CopyStore
{
public:
    explicit SqliteCopy(SqliteLedger &db)
        : m_db(db)
    {}

    Result<QStringList> columns(const QString &table) override
    {
        const Result<QList<std::pair<QString, QString>>> info = tableInfo(table);
        if (!info)
            return fail(info.error());
        QStringList names;
        for (const auto &[name, type] : *info)
            names << name;
        return names;
    }

    Result<qint64> countRows(const QString &table) override
    {
        Statement q(m_db.handle(), "SELECT COUNT(*) FROM " + quoted(table) + rowFilter(table));
        if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW)
            return fail(q.error(QStringLiteral("cannot count the rows of %1").arg(table)));
        return qint64(sqlite3_column_int64(q.get(), 0));
    }

    Status exportTables(const QStringList &tables, int batchRows,
                        const std::function<Status(const RowBatch &)> &sink) override
    {
        if (m_db.inTransaction())
            return fail(Error::database(QStringLiteral("a copy cannot be read inside a write")));
        // One read transaction: in WAL mode every table is read from the
        // same snapshot, and writers are not blocked.
        if (sqlite3_exec(m_db.handle(), "BEGIN DEFERRED", nullptr, nullptr, nullptr) != SQLITE_OK)
            return fail(
                Error::database(QStringLiteral("cannot begin reading the ledger: %1")
                                    .arg(QString::fromUtf8(sqlite3_errmsg(m_db.handle())))));
        Status result;
        for (const QString &table : tables) {
            result = exportTable(table, batchRows, sink);
            if (!result)
                break;
        }
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        return result;
    }

    Status importRows(const RowBatch &batch) override
    {
        Q_ASSERT(m_db.inTransaction());
        if (batch.table != m_table || batch.columns != m_columns) {
            const Result<QList<std::pair<QString, QString>>> info = tableInfo(batch.table);
            if (!info)
                return fail(info.error());
            QHash<QString, QString> types;
            for (const auto &[name, type] : *info)
                types.insert(name, type);
            QByteArray sql = "INSERT INTO " + quoted(batch.table) + " (";
            QByteArray values;
            m_blobColumns.clear();
            for (int i = 0; i < batch.columns.size(); ++i) {
                const QString &c = batch.columns[i];
                if (!types.contains(c))
                    return fail(Error::database(
                        QStringLiteral("the table %1 has no column %2").arg(batch.table, c)));
                m_blobColumns << (types.value(c).compare(u"BLOB", Qt::CaseInsensitive) == 0);
                sql += (i ? ", " : "") + quoted(c);
                values += (i ? ", ?" : "?") + QByteArray::number(i + 1);
            }
            sql += ") VALUES (" + values + ')';
            m_insert = std::make_unique<Statement>(m_db.handle(), sql);
            if (!m_insert->ok())
                return fail(
                    m_insert->error(QStringLiteral("cannot write into %1").arg(batch.table)));
            m_table = batch.table;
            m_columns = batch.columns;
        }
        sqlite3_stmt *st = m_insert->get();
        for (int r = 0; r < batch.rows; ++r) {
            for (int c = 0; c < batch.columns.size(); ++c) {
                const CopyCell &cell = batch.at(r, c);
                switch (cell.type) {
                case CopyCell::Type::Null:
                    sqlite3_bind_null(st, c + 1);
                    break;
                case CopyCell::Type::Integer:
                    sqlite3_bind_int64(st, c + 1, cell.integer);
                    break;
                case CopyCell::Type::Text:
                case CopyCell::Type::Blob:
                    if (cell.type == CopyCell::Type::Blob || m_blobColumns[c])
                        sqlite3_bind_blob(st, c + 1, cell.bytes.constData(), int(cell.bytes.size()),
                                          SQLITE_STATIC);
                    else
                        sqlite3_bind_text(st, c + 1, cell.bytes.constData(), int(cell.bytes.size()),
                                          SQLITE_STATIC);
                    break;
                }
            }
            const int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc != SQLITE_DONE)
                return fail(m_insert->error(
                    QStringLiteral("the copy refused a row of %1 (row %2 of its batch)")
                        .arg(batch.table)
                        .arg(r + 1)));
        }
        return {};
    }

    // Ids are rowids: the next insert takes the highest plus one by itself.
    Status finishImport() override
    {
        m_insert.reset();
        m_table.clear();
        m_columns.clear();
        return {};
    }

    void abandonImport() override { (void)finishImport(); }

private:
    Result<QList<std::pair<QString, QString>>> tableInfo(const QString &table)
    {
        Statement q(m_db.handle(), "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid");
        if (!q.ok())
            return fail(q.error(QStringLiteral("cannot read the columns of %1").arg(table)));
        const QByteArray name = table.toUtf8();
        sqlite3_bind_text(q.get(), 1, name.constData(), int(name.size()), SQLITE_STATIC);
        QList<std::pair<QString, QString>> out;
        int rc;
        while ((rc = sqlite3_step(q.get())) == SQLITE_ROW)
            out.append(
                {QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(q.get(), 0))),
                 QString::fromUtf8(
                     reinterpret_cast<const char *>(sqlite3_column_text(q.get(), 1)))});
        if (rc != SQLITE_DONE)
            return fail(q.error(QStringLiteral("cannot read the columns of %1").arg(table)));
        if (out.isEmpty())
            return fail(Error::database(
                QStringLiteral("the ledger %1 has no table %2").arg(m_db.path(), table)));
        return out;
    }

    Status exportTable(const QString &table, int batchRows,
                       const std::function<Status(const RowBatch &)> &sink)
    {
        const Result<QStringList> names = columns(table);
        if (!names)
            return fail(names.error());
        QByteArray sql = "SELECT ";
        for (int i = 0; i < names->size(); ++i)
            sql += (i ? ", " : "") + quoted(names->at(i));
        // In rowid order (the primary key's for a table without rowid):
        // parents before the rows that name them, as they were written.
        sql += " FROM " + quoted(table) + rowFilter(table);
        Statement q(m_db.handle(), sql);
        if (!q.ok())
            return fail(q.error(QStringLiteral("cannot read %1").arg(table)));
        RowBatch batch;
        batch.table = table;
        batch.columns = *names;
        const int width = int(names->size());
        qint64 seen = 0;
        batch.cells.reserve(qsizetype(batchRows) * width);
        int rc;
        while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
            for (int c = 0; c < width; ++c) {
                switch (sqlite3_column_type(q.get(), c)) {
                case SQLITE_NULL:
                    batch.cells.append(CopyCell::null());
                    break;
                case SQLITE_INTEGER:
                    batch.cells.append(CopyCell::number(sqlite3_column_int64(q.get(), c)));
                    break;
                case SQLITE_TEXT: {
                    const char *t = reinterpret_cast<const char *>(sqlite3_column_text(q.get(), c));
                    batch.cells.append(
                        CopyCell::text(QByteArray(t, sqlite3_column_bytes(q.get(), c))));
                    break;
                }
                case SQLITE_BLOB: {
                    const char *b = static_cast<const char *>(sqlite3_column_blob(q.get(), c));
                    batch.cells.append(
                        CopyCell::blob(QByteArray(b, sqlite3_column_bytes(q.get(), c))));
                    break;
                }
                default:
                    // Money is never floating point; such a value is a
                    // damaged ledger, for verify to show, not to be copied.
                    return fail(Error::database(
                        QStringLiteral("%1.%2 holds a floating-point value (row %3 of the "
                                       "table); run verify on the source")
                            .arg(table, names->at(c))
                            .arg(seen + 1)));
                }
            }
            ++seen;
            if (++batch.rows == batchRows) {
                if (Status s = sink(batch); !s)
                    return s;
                batch.rows = 0;
                batch.cells.clear();
            }
        }
        if (rc != SQLITE_DONE)
            return fail(q.error(QStringLiteral("cannot read %1").arg(table)));
        if (batch.rows > 0)
            return sink(batch);
        return {};
    }

    SqliteLedger &m_db;
    // The INSERT of the table being written.
    std::unique_ptr<Statement> m_insert;
    QString m_table;
    QStringList m_columns;
    QList<bool> m_blobColumns;
};

} // namespace

std::unique_ptr<CopyStore> createSqliteCopyStore(LedgerBackend &backend)
{
    return std::make_unique<SqliteCopy>(static_cast<SqliteLedger &>(backend));
}
