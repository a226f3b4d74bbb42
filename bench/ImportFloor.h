#pragma once

// The floor of bench_intake's import figure (see bench_intake.cpp).

#include <QByteArray>
#include <QFile>
#include <QMap>
#include <QString>
#include <QStringList>

#include <sqlite3.h>

#include <functional>

// The floor of an import: the rows our import wrote, read back from its
// ledger and written as plain SQL for the `sqlite3` shell, into a fresh
// ledger that our own code created (so schema, indexes and triggers are the
// same), with the same PRAGMAs and the same transactions of `batch` events.
class Floor
{
public:
    struct Row
    {
        QByteArray header; // INSERT INTO table (columns) VALUES
        QByteArray values; // (v1, v2, ...)
    };

    explicit Floor(const QString &path)
    {
        if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READONLY, nullptr) !=
            SQLITE_OK)
            qFatal("cannot open %s", qPrintable(path));
    }
    ~Floor() { sqlite3_close(m_db); }
    Q_DISABLE_COPY_MOVE(Floor)

    // Rows per table, every table of the file.
    QMap<QString, qint64> counts()
    {
        QMap<QString, qint64> out;
        QStringList tables;
        each("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
             [&](sqlite3_stmt *s) { tables << text(s, 0); });
        for (const QString &t : std::as_const(tables))
            each(QByteArray("SELECT COUNT(*) FROM \"" + t.toUtf8() + '"').constData(),
                 [&](sqlite3_stmt *s) { out[t] = sqlite3_column_int64(s, 0); });
        return out;
    }

    // The SQL that inserts what the import of `events` (bench ids evt_b0...)
    // wrote, `batch` events a transaction, in the order the import wrote it;
    // audit rows with an id above `auditAbove` (the fresh ledger's own).
    QByteArray sql(qint64 events, qint64 batch, qint64 auditAbove, qsizetype rowsPerStatement)
    {
        QHash<QString, Row> processed, sales;
        QHash<QString, QString> sessionOf; // event id -> session id
        each("SELECT * FROM processed_events",
             [&](sqlite3_stmt *s) { processed.insert(text(s, 0), row("processed_events", s)); });
        each("SELECT *, session_id, event_id FROM sales", [&](sqlite3_stmt *s) {
            const int n = sqlite3_column_count(s);
            sales.insert(text(s, n - 1), row("sales", s, n - 2));
            sessionOf.insert(text(s, n - 1), text(s, n - 2));
        });
        QHash<QString, Row> artists;
        each("SELECT * FROM artists",
             [&](sqlite3_stmt *s) { artists.insert(text(s, 0), row("artists", s)); });
        struct EntryRow
        {
            Row row;
            QString artist, currency, state;
            qint64 amount;
        };
        QHash<QString, QList<EntryRow>> entries; // by event id, in id order
        each("SELECT *, event_id, artist, currency, state, amount_minor FROM entries ORDER BY id",
             [&](sqlite3_stmt *s) {
                 const int n = sqlite3_column_count(s);
                 entries[text(s, n - 5)].append(EntryRow{row("entries", s, n - 5), text(s, n - 4),
                                                         text(s, n - 3), text(s, n - 2),
                                                         sqlite3_column_int64(s, n - 1)});
             });
        QList<std::pair<QString, Row>> audit; // detail, row: in id order
        const QByteArray auditSql = "SELECT *, detail FROM audit_log WHERE id > " +
                                    QByteArray::number(auditAbove) + " ORDER BY id";
        each(auditSql.constData(), [&](sqlite3_stmt *s) {
            const int n = sqlite3_column_count(s);
            audit.append({text(s, n - 1), row("audit_log", s, n - 1)});
        });

        QByteArray out = "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n"
                         "PRAGMA foreign_keys=ON;\nPRAGMA busy_timeout=10000;\n"
                         "PRAGMA cache_size=-65536;\nPRAGMA temp_store=MEMORY;\n";
        // One transaction's statements: a row an INSERT in the import's
        // order, or (rowsPerStatement > 1) a table at a time in multi-row
        // INSERTs, each table's rows in the import's order.
        QList<QByteArray> headers;
        QHash<QByteArray, QList<QByteArray>> pending;
        const auto add = [&](const Row &row) {
            if (rowsPerStatement <= 1) {
                out += row.header + row.values + ";\n";
                return;
            }
            auto it = pending.find(row.header);
            if (it == pending.end()) {
                headers.append(row.header);
                it = pending.insert(row.header, {});
            }
            it->append(row.values);
        };
        const auto flush = [&]() {
            for (const QByteArray &header : std::as_const(headers)) {
                const QList<QByteArray> rows = pending.take(header);
                for (qsizetype i = 0; i < rows.size(); i += rowsPerStatement) {
                    out += header;
                    for (qsizetype j = i; j < qMin(rows.size(), i + rowsPerStatement); ++j)
                        out += (j > i ? ",\n" : "") + rows.at(j);
                    out += ";\n";
                }
            }
            headers.clear();
        };
        // Rows of totals the import made and left at zero (the held bucket
        // of an artist linked later in the import): written as they are, in
        // the first transaction.
        QList<Row> zeroTotals;
        each("SELECT * FROM totals WHERE entries = 0 AND amount_minor = 0",
             [&](sqlite3_stmt *s) { zeroTotals.append(row("totals", s)); });
        qsizetype nextAudit = 0;
        for (qint64 start = 0; start < events; start += batch) {
            out += "BEGIN IMMEDIATE;\n";
            QMap<std::tuple<QString, QString, QString>, std::pair<qint64, qint64>> totals;
            for (qint64 i = start; i < qMin(events, start + batch); ++i) {
                const QString id = QStringLiteral("evt_b%1").arg(i);
                const QString session = sessionOf.value(id);
                add(sales.take(id));
                const QList<EntryRow> rows = entries.take(id);
                for (const EntryRow &e : rows) {
                    auto artist = artists.find(e.artist);
                    if (artist != artists.end()) { // first seen: intake adds the artist
                        add(*artist);
                        artists.erase(artist);
                    }
                }
                for (const EntryRow &e : rows) {
                    add(e.row);
                    for (const QString &bucket : {QStringLiteral("ingested"), e.state}) {
                        auto &[amount, count] = totals[{e.artist, e.currency, bucket}];
                        amount += e.amount;
                        ++count;
                    }
                }
                // The audit rows up to this event's own.
                while (nextAudit < audit.size()) {
                    const auto &[detail, r] = audit.at(nextAudit++);
                    add(r);
                    if (detail.startsWith(session + u':'))
                        break;
                }
                add(processed.take(id));
            }
            if (start == 0) {
                for (const Row &r : std::as_const(zeroTotals))
                    add(r);
            }
            flush();
            QList<QByteArray> sums;
            for (auto it = totals.cbegin(); it != totals.cend(); ++it) {
                const auto &[artist, currency, bucket] = it.key();
                sums.append('(' + quote(artist) + ',' + quote(currency) + ',' + quote(bucket) +
                            ',' + QByteArray::number(it->first) + ',' +
                            QByteArray::number(it->second) + ')');
            }
            const qsizetype per = qMax(1, rowsPerStatement);
            for (qsizetype i = 0; i < sums.size(); i += per) {
                out += "INSERT INTO totals (artist, currency, bucket, amount_minor, entries) "
                       "VALUES ";
                for (qsizetype j = i; j < qMin(sums.size(), i + per); ++j)
                    out += (j > i ? ",\n" : "") + sums.at(j);
                out += " ON CONFLICT (artist, currency, bucket) DO UPDATE SET amount_minor = "
                       "amount_minor + excluded.amount_minor, entries = entries + "
                       "excluded.entries;\n";
            }
            out += "COMMIT;\n";
        }
        if (!processed.isEmpty() || !sales.isEmpty() || !entries.isEmpty() || !artists.isEmpty() ||
            nextAudit != audit.size())
            qFatal("floor: rows the bench cannot place (%lld processed, %lld sales, %lld "
                   "entries, %lld artists, %lld audit)",
                   qlonglong(processed.size()), qlonglong(sales.size()), qlonglong(entries.size()),
                   qlonglong(artists.size()), qlonglong(audit.size() - nextAudit));
        return out;
    }

    qint64 maxAuditId()
    {
        qint64 id = 0;
        each("SELECT IFNULL(MAX(id), 0) FROM audit_log",
             [&](sqlite3_stmt *s) { id = sqlite3_column_int64(s, 0); });
        return id;
    }

    // A checksum of a table's content, to show two files hold the same rows.
    qint64 checksum(const char *table, const char *order)
    {
        qint64 sum = 0;
        const QByteArray q = QByteArray("SELECT * FROM ") + table + " ORDER BY " + order;
        each(q.constData(), [&](sqlite3_stmt *s) {
            sum = sum * 1000003 + qint64(qHash(values(s, sqlite3_column_count(s))));
        });
        return sum;
    }

private:
    template<typename F> void each(const char *sql, F &&f)
    {
        sqlite3_stmt *s = nullptr;
        if (sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr) != SQLITE_OK)
            qFatal("floor: %s: %s", sql, sqlite3_errmsg(m_db));
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            f(s);
        if (rc != SQLITE_DONE)
            qFatal("floor: %s: %s", sql, sqlite3_errmsg(m_db));
        sqlite3_finalize(s);
    }

    static QString text(sqlite3_stmt *s, int i)
    {
        return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(s, i)),
                                 sqlite3_column_bytes(s, i));
    }

    static QByteArray quote(const QString &t)
    {
        QByteArray b = t.toUtf8();
        b.replace('\'', "''");
        return '\'' + b + '\'';
    }

    // The first n columns' values as SQL literals: (v1,v2,...).
    static QByteArray values(sqlite3_stmt *s, int n)
    {
        QByteArray out = "(";
        for (int i = 0; i < n; ++i) {
            if (i)
                out += ',';
            switch (sqlite3_column_type(s, i)) {
            case SQLITE_NULL:
                out += "NULL";
                break;
            case SQLITE_INTEGER:
                out += QByteArray::number(sqlite3_column_int64(s, i));
                break;
            case SQLITE_FLOAT:
                out += QByteArray::number(sqlite3_column_double(s, i), 'g', 17);
                break;
            case SQLITE_TEXT:
                out += quote(text(s, i));
                break;
            default:
                out += "X'" +
                       QByteArray(static_cast<const char *>(sqlite3_column_blob(s, i)),
                                  sqlite3_column_bytes(s, i))
                           .toHex() +
                       '\'';
            }
        }
        return out + ')';
    }

    static Row row(const char *table, sqlite3_stmt *s, int n = -1)
    {
        if (n < 0)
            n = sqlite3_column_count(s);
        QByteArray cols;
        for (int i = 0; i < n; ++i)
            cols += (i ? "," : "") + QByteArray(sqlite3_column_name(s, i));
        return {QByteArray("INSERT INTO ") + table + " (" + cols + ") VALUES ", values(s, n)};
    }

    sqlite3 *m_db = nullptr;
};
