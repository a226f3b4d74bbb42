#pragma once

#include "ledger/LedgerTypes.h"

#include <QAbstractTableModel>
#include <QLocale>

class AsyncLedgerReader;
class LedgerReader;

// One artist's money that is still to be paid: the pending, sending
// (processing) and held entries, oldest first, as the ledger orders them.
// Rows are fetched on demand in pages (canFetchMore / fetchMore through
// LedgerReader::entries with limit and offset; each read is one bounded
// page, quick enough for the GUI thread), so the model never holds more of
// a million-entry ledger than the view has scrolled through. reload()
// re-reads the rows already shown and merges them in place, so live
// updates keep the selection and the scroll position. Once more rows are
// shown than one quick read covers (kSyncReloadRows), a reload runs on the
// AsyncLedgerReader, when one is set, and merges when it arrives.
//
// Sorting: RawRole carries the unformatted value of each column for a
// QSortFilterProxyModel. The proxy sorts the rows fetched so far; rows
// fetched later are placed in order as they arrive.
class ScheduledEntriesModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Why: why the entry is not paid yet, and when it will be (EntryStatus::whyNotPaid).
    enum Column { Amount, Source, Reference, Time, Status, Why, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        RawRole = Qt::UserRole +
                  1, // qint64 minor units, kind name, reference, ms since epoch, DisplayStatus
        EntryIdRole,
        CurrencyRole,
        ToneRole, // int(ChipTone) of the Status column, for StatusChipDelegate
    };

    static constexpr int kDefaultPageSize = 200;
    // Up to this many rows a reload reads on the GUI thread's reader.
    static constexpr int kSyncReloadRows = 500;

    explicit ScheduledEntriesModel(LedgerReader &reader, QObject *parent = nullptr);

    // The artist whose entries are shown; empty shows nothing (never every
    // artist: an artist's window must not list anyone else's money).
    void setArtist(const QString &artist);
    const QString &artist() const { return m_artist; }
    void setLocale(const QLocale &locale);
    // The engine's next payout run, which the Why column names (invalid:
    // none is scheduled); now: the clock's time, for "today".
    void setNextRun(const QDateTime &nextRun, const QDateTime &now);
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    // For reloads of more than kSyncReloadRows rows (null: always here).
    void setAsyncReader(AsyncLedgerReader *reader) { m_async = reader; }

    // Re-reads the rows shown so far (at least one page) and the total.
    // Returns false, and emits loadFailed, when the ledger cannot be read
    // (a reload on the AsyncLedgerReader reports its failure by loadFailed).
    bool reload();
    qint64 totalCount() const { return m_total; }
    const Entry &entryAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QHash<int, QByteArray> roleNames() const override;

    static QList<EntryState> shownStates();

Q_SIGNALS:
    void loadFailed(const QString &message);

private:
    void apply(qint64 total, const QList<Entry> &fresh);
    QVariant display(const Entry &e, int column) const;
    QVariant raw(const Entry &e, int column) const;
    QString why(const Entry &e) const;

    LedgerReader &m_reader;
    AsyncLedgerReader *m_async = nullptr;
    QString m_artist;
    QLocale m_locale;
    QDateTime m_nextRun;
    QDateTime m_now;
    QList<Entry> m_rows;
    qint64 m_total = 0;
    int m_pageSize = kDefaultPageSize;
    bool m_changing = false; // inside a reset, a reload or a fetch
};
