// The copy store (CopyStore.h) on PostgreSQL: rows read through a cursor in
// one REPEATABLE READ snapshot, and written with COPY ... FROM STDIN inside
// the caller's write (one COPY per table, kept open across its batches, so
// the server takes in one batch while the next is read).
#include "ledger/postgres/PgCopy.h"

#include "ledger/CopySql.h"
#include "ledger/postgres/PostgresLedger.h"

#include <libpq-fe.h>

#include <QHash>
#include <QSet>

namespace {

using CopySql::quoted;
using CopySql::rowFilter;

// Columns that are this backend's own and no part of a copy: an inbox
// claim is a hint that expires (ledger/postgres/PgSchema.cpp, version 2).
const QSet<QString> kPrivateColumns = {QStringLiteral("inbox.claimed_by"),
                                       QStringLiteral("inbox.claimed_until")};

PgCopyWrites g_writes = PgCopyWrites::Copy;

// Rows per multi-row INSERT (and never more than 65,535 parameters).
constexpr int kInsertRows = 1000;

// libpq's type oids of the columns the ledger uses.
constexpr Oid kInt8 = 20, kInt2 = 21, kInt4 = 23, kBytea = 17;

// libpq's message, on one line.
QString oneLine(const char *raw)
{
    QStringList lines;
    for (const QString &line : QString::fromUtf8(raw).split(u'\n', Qt::SkipEmptyParts))
        if (const QString l = line.trimmed(); !l.isEmpty())
            lines << l;
    return lines.join(QStringLiteral("; "));
}

// A result owned here, cleared on every path.
struct Owned
{
    explicit Owned(PGresult *result)
        : r(result)
    {}
    ~Owned() { PQclear(r); }
    Owned(const Owned &) = delete;
    Owned &operator=(const Owned &) = delete;
    PGresult *r;
};

struct Column
{
    QString name;
    bool bytea = false;
    bool identity = false;
};

// COPY's text format: a backslash, a tab, a newline and a carriage return
// in a value are escaped; NULL is \N.
void appendText(QByteArray &out, const QByteArray &text)
{
    const char *p = text.constData();
    const char *end = p + text.size();
    const char *run = p;
    for (; p != end; ++p) {
        const char c = *p;
        if (c != '\\' && c != '\t' && c != '\n' && c != '\r')
            continue;
        out.append(run, p - run);
        out += '\\';
        out += c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
        run = p + 1;
    }
    out.append(run, end - run);
}

void appendBytea(QByteArray &out, const QByteArray &raw)
{
    // bytea's hex form, its backslash escaped for COPY.
    out += "\\\\x";
    out += raw.toHex();
}

class PgCopy final : public CopyStore
{
public:
    explicit PgCopy(PostgresLedger &db)
        : m_db(db)
    {}
    ~PgCopy() override { abandonImport(); }

    Result<QStringList> columns(const QString &table) override
    {
        const Result<QList<Column>> cols = tableColumns(table);
        if (!cols)
            return fail(cols.error());
        QStringList names;
        for (const Column &c : *cols)
            names << c.name;
        return names;
    }

    Result<qint64> countRows(const QString &table) override
    {
        const Result<PgResult> r = m_db.conn().execOnce(
            QString::fromUtf8("SELECT COUNT(*) FROM " + quoted(table) + rowFilter(table)));
        if (!r)
            return fail(r.error());
        return r->int64(0, 0);
    }

    Status exportTables(const QStringList &tables, int batchRows,
                        const std::function<Status(const RowBatch &)> &sink) override
    {
        if (m_db.inTransaction())
            return fail(Error::database(QStringLiteral("a copy cannot be read inside a write")));
        PgConnection &conn = m_db.conn();
        // Column lists first: information_schema read outside the snapshot.
        QHash<QString, QList<Column>> layout;
        for (const QString &table : tables) {
            const Result<QList<Column>> cols = tableColumns(table);
            if (!cols)
                return fail(cols.error());
            layout.insert(table, *cols);
        }
        if (Status s =
                conn.script(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
            !s)
            return s;
        Status result;
        for (const QString &table : tables) {
            result = exportTable(table, layout.value(table), batchRows, sink);
            if (!result)
                break;
        }
        (void)conn.script(QStringLiteral("ROLLBACK"));
        return result;
    }

    Status importRows(const RowBatch &batch) override
    {
        Q_ASSERT(m_db.inTransaction());
        if (g_writes == PgCopyWrites::Insert)
            return insertRows(batch);
        if (batch.table != m_table || batch.columns != m_columns) {
            if (Status s = endCopy(); !s)
                return s;
            if (Status s = startCopy(batch); !s)
                return s;
        }
        QByteArray out;
        out.reserve(qsizetype(batch.rows) * batch.columns.size() * 12);
        for (int r = 0; r < batch.rows; ++r) {
            for (int c = 0; c < batch.columns.size(); ++c) {
                if (c)
                    out += '\t';
                const CopyCell &cell = batch.at(r, c);
                switch (cell.type) {
                case CopyCell::Type::Null:
                    out += "\\N";
                    break;
                case CopyCell::Type::Integer:
                    out += QByteArray::number(cell.integer);
                    break;
                case CopyCell::Type::Text:
                case CopyCell::Type::Blob:
                    if (cell.type == CopyCell::Type::Blob || m_bytea[c])
                        appendBytea(out, cell.bytes);
                    else
                        appendText(out, cell.bytes);
                    break;
                }
            }
            out += '\n';
        }
        if (PQputCopyData(m_db.conn().handle(), out.constData(), int(out.size())) != 1) {
            const QString why = oneLine(PQerrorMessage(m_db.conn().handle()));
            abandonImport();
            return fail(Error::database(
                QStringLiteral("the copy into %1 failed: %2").arg(batch.table, why)));
        }
        m_imported.insert(batch.table);
        return {};
    }

    Status finishImport() override
    {
        if (Status s = endCopy(); !s)
            return s;
        // Identity columns go on after the highest id copied.
        for (const QString &table : std::as_const(m_imported)) {
            const Result<QList<Column>> cols = tableColumns(table);
            if (!cols)
                return fail(cols.error());
            for (const Column &c : *cols) {
                if (!c.identity)
                    continue;
                const QString sql =
                    QStringLiteral("SELECT setval(pg_get_serial_sequence($1, $2), "
                                   "COALESCE(MAX(%1), 0) + 1, false) FROM %2")
                        .arg(QString::fromUtf8(quoted(c.name)), QString::fromUtf8(quoted(table)));
                if (const Result<PgResult> r = m_db.conn().execOnce(sql, {table, c.name}); !r)
                    return fail(r.error());
            }
        }
        m_imported.clear();
        return {};
    }

    void abandonImport() override
    {
        if (m_table.isEmpty())
            return;
        PGconn *conn = m_db.conn().handle();
        m_table.clear();
        m_columns.clear();
        if (!conn)
            return;
        // An error ends the COPY and aborts the transaction it is in.
        PQputCopyEnd(conn, "the copy was abandoned");
        while (PGresult *r = PQgetResult(conn))
            PQclear(r);
    }

private:
    // For each of the batch's columns, whether the target's is bytea; an
    // error names a column the target table does not have.
    Result<QList<bool>> byteaColumns(const RowBatch &batch)
    {
        const Result<QList<Column>> cols = tableColumns(batch.table);
        if (!cols)
            return fail(cols.error());
        QHash<QString, bool> bytea;
        for (const Column &c : *cols)
            bytea.insert(c.name, c.bytea);
        QList<bool> out;
        for (const QString &c : batch.columns) {
            const auto it = bytea.constFind(c);
            if (it == bytea.cend())
                return fail(Error::database(
                    QStringLiteral("the table %1 has no column %2").arg(batch.table, c)));
            out << *it;
        }
        return out;
    }

    // The same rows as multi-row INSERTs, parameters as text (bytea as
    // binary), for bench_copy's comparison.
    Status insertRows(const RowBatch &batch)
    {
        const Result<QList<bool>> bytea = byteaColumns(batch);
        if (!bytea)
            return fail(bytea.error());
        const int width = int(batch.columns.size());
        QByteArray head = "INSERT INTO " + quoted(batch.table) + " (";
        for (int i = 0; i < width; ++i)
            head += (i ? ", " : "") + quoted(batch.columns[i]);
        head += ") VALUES ";
        const int perStatement = qMin(kInsertRows, 65535 / width);
        PGconn *conn = m_db.conn().handle();
        for (int first = 0; first < batch.rows; first += perStatement) {
            const int rows = qMin(perStatement, batch.rows - first);
            QByteArray sql = head;
            QList<QByteArray> numbers;
            numbers.reserve(qsizetype(rows) * width);
            QList<const char *> values;
            QList<int> lengths, formats;
            for (int r = 0; r < rows; ++r) {
                sql += r ? ",(" : "(";
                for (int c = 0; c < width; ++c) {
                    const int n = r * width + c + 1;
                    sql += (c ? ",$" : "$") + QByteArray::number(n);
                    const CopyCell &cell = batch.at(first + r, c);
                    const bool binary = cell.type == CopyCell::Type::Blob ||
                                        (cell.type == CopyCell::Type::Text && bytea->at(c));
                    if (cell.type == CopyCell::Type::Null) {
                        values << nullptr;
                        lengths << 0;
                    } else if (cell.type == CopyCell::Type::Integer) {
                        numbers << QByteArray::number(cell.integer);
                        values << numbers.last().constData();
                        lengths << 0;
                    } else {
                        values << cell.bytes.constData();
                        lengths << int(cell.bytes.size());
                    }
                    formats << (binary ? 1 : 0);
                }
                sql += ')';
            }
            Owned res(PQexecParams(conn, sql.constData(), int(values.size()), nullptr,
                                   values.constData(), lengths.constData(), formats.constData(),
                                   0));
            if (PQresultStatus(res.r) != PGRES_COMMAND_OK)
                return fail(
                    Error::database(QStringLiteral("the copy into %1 was refused: %2")
                                        .arg(batch.table, oneLine(PQresultErrorMessage(res.r)))));
        }
        m_imported.insert(batch.table);
        return {};
    }

    Result<QList<Column>> tableColumns(const QString &table)
    {
        if (const auto it = m_layout.constFind(table); it != m_layout.constEnd())
            return *it;
        const Result<PgResult> r = m_db.conn().execOnce(
            QStringLiteral("SELECT column_name, data_type, is_identity FROM "
                           "information_schema.columns WHERE table_schema = current_schema() "
                           "AND table_name = $1 ORDER BY ordinal_position"),
            {table});
        if (!r)
            return fail(r.error());
        QList<Column> cols;
        for (int i = 0; i < r->rows(); ++i) {
            Column c;
            c.name = r->text(i, 0);
            if (kPrivateColumns.contains(table + u'.' + c.name))
                continue;
            c.bytea = r->text(i, 1) == u"bytea";
            c.identity = r->text(i, 2) == u"YES";
            cols << c;
        }
        if (cols.isEmpty())
            return fail(Error::database(
                QStringLiteral("the ledger %1 has no table %2").arg(m_db.displayName(), table)));
        m_layout.insert(table, cols);
        return cols;
    }

    Status exportTable(const QString &table, const QList<Column> &cols, int batchRows,
                       const std::function<Status(const RowBatch &)> &sink)
    {
        PGconn *conn = m_db.conn().handle();
        RowBatch batch;
        batch.table = table;
        QByteArray select = "DECLARE pd_copy NO SCROLL CURSOR FOR SELECT ";
        bool hasId = false;
        for (int i = 0; i < cols.size(); ++i) {
            select += (i ? ", " : "") + quoted(cols[i].name);
            batch.columns << cols[i].name;
            hasId = hasId || cols[i].name == u"id";
        }
        select += " FROM " + quoted(table) + rowFilter(table) + (hasId ? " ORDER BY id" : "");
        if (Status s = run(select, table); !s)
            return s;
        const QByteArray fetch = "FETCH FORWARD " + QByteArray::number(batchRows) + " FROM pd_copy";
        const int width = int(cols.size());
        for (;;) {
            Owned res(PQexec(conn, fetch.constData()));
            if (PQresultStatus(res.r) != PGRES_TUPLES_OK)
                return fail(Error::database(QStringLiteral("cannot read %1: %2")
                                                .arg(table, oneLine(PQerrorMessage(conn)))));
            const int rows = PQntuples(res.r);
            if (rows == 0)
                break;
            batch.rows = rows;
            batch.cells.clear();
            batch.cells.reserve(qsizetype(rows) * width);
            for (int r = 0; r < rows; ++r)
                for (int c = 0; c < width; ++c)
                    batch.cells.append(cellOf(res.r, r, c));
            if (Status s = sink(batch); !s)
                return s;
        }
        return run("CLOSE pd_copy", table);
    }

    static CopyCell cellOf(PGresult *res, int row, int col)
    {
        if (PQgetisnull(res, row, col))
            return CopyCell::null();
        const char *v = PQgetvalue(res, row, col);
        const int length = PQgetlength(res, row, col);
        switch (PQftype(res, col)) {
        case kInt8:
        case kInt4:
        case kInt2:
            return CopyCell::number(QByteArrayView(v, length).toLongLong());
        case kBytea: {
            size_t n = 0;
            unsigned char *raw = PQunescapeBytea(reinterpret_cast<const unsigned char *>(v), &n);
            QByteArray bytes(reinterpret_cast<const char *>(raw), qsizetype(n));
            PQfreemem(raw);
            return CopyCell::blob(std::move(bytes));
        }
        default:
            return CopyCell::text(QByteArray(v, length));
        }
    }

    Status run(const QByteArray &sql, const QString &table)
    {
        PGconn *conn = m_db.conn().handle();
        Owned res(PQexec(conn, sql.constData()));
        const ExecStatusType st = PQresultStatus(res.r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_COPY_IN)
            return fail(Error::database(
                QStringLiteral("%1: %2").arg(table, oneLine(PQerrorMessage(conn)))));
        return {};
    }

    Status startCopy(const RowBatch &batch)
    {
        Result<QList<bool>> bytea = byteaColumns(batch);
        if (!bytea)
            return fail(bytea.error());
        m_bytea = std::move(*bytea);
        QByteArray sql = "COPY " + quoted(batch.table) + " (";
        for (int i = 0; i < batch.columns.size(); ++i)
            sql += (i ? ", " : "") + quoted(batch.columns[i]);
        sql += ") FROM STDIN";
        if (Status s = run(sql, QStringLiteral("cannot copy into %1").arg(batch.table)); !s)
            return s;
        m_table = batch.table;
        m_columns = batch.columns;
        return {};
    }

    Status endCopy()
    {
        if (m_table.isEmpty())
            return {};
        PGconn *conn = m_db.conn().handle();
        const QString table = m_table;
        m_table.clear();
        m_columns.clear();
        Status result;
        if (PQputCopyEnd(conn, nullptr) != 1)
            result = fail(Error::database(QStringLiteral("the copy into %1 failed: %2")
                                              .arg(table, oneLine(PQerrorMessage(conn)))));
        while (PGresult *r = PQgetResult(conn)) {
            if (PQresultStatus(r) != PGRES_COMMAND_OK && result)
                result = fail(Error::database(QStringLiteral("the copy into %1 was refused: %2")
                                                  .arg(table, oneLine(PQresultErrorMessage(r)))));
            PQclear(r);
        }
        return result;
    }

    PostgresLedger &m_db;
    QHash<QString, QList<Column>> m_layout;
    // The COPY in progress: its table and columns, which of them are bytea.
    QString m_table;
    QStringList m_columns;
    QList<bool> m_bytea;
    QSet<QString> m_imported;
};

} // namespace

void setPgCopyWrites(PgCopyWrites how)
{
    g_writes = how;
}

std::unique_ptr<CopyStore> createPgCopyStore(LedgerBackend &backend)
{
    return std::make_unique<PgCopy>(static_cast<PostgresLedger &>(backend));
}
