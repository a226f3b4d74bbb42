#include "ScheduledEntriesModel.h"

#include "common/RowMerge.h"
#include "ledger/AsyncLedgerReader.h"
#include "ledger/LedgerReader.h"
#include "payouts/EntryStatus.h"

#include <QScopedValueRollback>

#include <tuple>

namespace {

bool keyLess(const Entry &a, const Entry &b)
{
    // The ledger's own order: ORDER BY created_at, id.
    return std::tuple(a.createdAt.toMSecsSinceEpoch(), a.id) <
           std::tuple(b.createdAt.toMSecsSinceEpoch(), b.id);
}

bool sameContent(const Entry &a, const Entry &b)
{
    return a.state == b.state && a.attempts == b.attempts && a.updatedAt == b.updatedAt &&
           a.nextAttemptAt == b.nextAttemptAt && a.lastError == b.lastError &&
           a.reason == b.reason && a.amount == b.amount;
}

} // namespace

ScheduledEntriesModel::ScheduledEntriesModel(LedgerReader &reader, QObject *parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
{}

QList<EntryState> ScheduledEntriesModel::shownStates()
{
    return {EntryState::Pending, EntryState::Sending, EntryState::Held};
}

void ScheduledEntriesModel::setArtist(const QString &artist)
{
    if (artist == m_artist)
        return;
    const QScopedValueRollback changing(m_changing, true);
    beginResetModel();
    m_artist = artist;
    m_rows.clear();
    m_total = 0;
    endResetModel();
    reload();
}

void ScheduledEntriesModel::setLocale(const QLocale &locale)
{
    if (locale == m_locale)
        return;
    m_locale = locale;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ScheduledEntriesModel::setNextRun(const QDateTime &nextRun, const QDateTime &now)
{
    m_now = now;
    if (nextRun == m_nextRun && nextRun.isValid() == m_nextRun.isValid())
        return;
    m_nextRun = nextRun;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Why), index(rowCount() - 1, Why));
}

bool ScheduledEntriesModel::reload()
{
    const QScopedValueRollback changing(m_changing, true);
    if (m_artist.isEmpty()) {
        if (!m_rows.isEmpty()) {
            beginResetModel();
            m_rows.clear();
            endResetModel();
        }
        m_total = 0;
        return true;
    }
    LedgerReader::EntryFilter filter{m_artist, shownStates(),
                                     qMax<int>(m_pageSize, int(m_rows.size())), 0};
    if (m_async && filter.limit > kSyncReloadRows) {
        // Thousands of rows scrolled through: too many to re-read here.
        struct Fresh
        {
            qint64 total = 0;
            QList<Entry> rows;
        };
        const QString artist = m_artist;
        m_async->read<Fresh>(
            QStringLiteral("scheduled:%1").arg(quintptr(this)), this,
            [filter](LedgerReader &reader) -> Result<Fresh> {
                const Result<qint64> total = reader.countEntries(filter);
                if (!total)
                    return fail(total.error());
                Result<QList<Entry>> rows = reader.entries(filter);
                if (!rows)
                    return fail(rows.error());
                return Fresh{*total, std::move(*rows)};
            },
            [this, artist](const Result<Fresh> &fresh) {
                if (artist != m_artist)
                    return; // another artist's rows are shown now
                if (!fresh) {
                    Q_EMIT loadFailed(fresh.error().message);
                    return;
                }
                const QScopedValueRollback again(m_changing, true);
                apply(fresh->total, fresh->rows);
            });
        return true;
    }
    const Result<qint64> total = m_reader.countEntries(filter);
    const Result<QList<Entry>> fresh = m_reader.entries(filter);
    if (!total || !fresh) {
        Q_EMIT loadFailed(!total ? total.error().message : fresh.error().message);
        return false;
    }
    apply(*total, *fresh);
    return true;
}

void ScheduledEntriesModel::apply(qint64 total, const QList<Entry> &fresh)
{
    m_total = total;
    RowMergeOps<Entry> ops;
    ops.keyLess = keyLess;
    ops.sameContent = sameContent;
    ops.beginInsert = [this](int first, int last) { beginInsertRows({}, first, last); };
    ops.endInsert = [this] { endInsertRows(); };
    ops.beginRemove = [this](int first, int last) { beginRemoveRows({}, first, last); };
    ops.endRemove = [this] { endRemoveRows(); };
    ops.changed = [this](int row) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    };
    mergeRows(m_rows, fresh, ops);
}

int ScheduledEntriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ScheduledEntriesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ScheduledEntriesModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_rows.size() < m_total;
}

void ScheduledEntriesModel::fetchMore(const QModelIndex &parent)
{
    // fetchMore is a hint. One that arrives from a handler of this model's
    // own change signals (a view or QAbstractItemModelTester reacting to
    // rowsInserted, say) would nest an insertion inside the change being
    // reported; it is ignored, and the view asks again when it scrolls.
    if (m_changing || !canFetchMore(parent))
        return;
    const QScopedValueRollback changing(m_changing, true);
    const Result<QList<Entry>> page = m_reader.entries(
        LedgerReader::EntryFilter{m_artist, shownStates(), m_pageSize, qint64(m_rows.size())});
    if (!page) {
        Q_EMIT loadFailed(page.error().message);
        return;
    }
    // Rows can shift between pages when the ledger changes in between; the
    // next reload() corrects that, and a row is never shown twice.
    QList<Entry> add;
    for (const Entry &e : *page)
        if (m_rows.isEmpty() || keyLess(m_rows.last(), e))
            add.append(e);
    if (add.isEmpty()) {
        // Nothing new past what is shown: the total was stale.
        m_total = m_rows.size();
        return;
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + add.size() - 1));
    m_rows.append(add);
    endInsertRows();
}

QString ScheduledEntriesModel::why(const Entry &e) const
{
    return EntryStatus::whyNotPaid(e, m_locale, m_nextRun,
                                   m_now.isValid() ? m_now : QDateTime::currentDateTime());
}

QVariant ScheduledEntriesModel::display(const Entry &e, int column) const
{
    switch (column) {
    case Amount:
        return e.amount.format(m_locale);
    case Source:
        return EntryStatus::sourceText(e.kind);
    case Reference:
        return shownReference(e);
    case Time:
        return m_locale.toString(e.createdAt.toLocalTime(), QLocale::ShortFormat);
    case Status:
        return EntryStatus::label(e);
    case Why:
        return why(e);
    }
    return {};
}

QVariant ScheduledEntriesModel::raw(const Entry &e, int column) const
{
    switch (column) {
    case Amount:
        return e.amount.minor;
    case Source:
        return kindName(e.kind);
    case Reference:
        return shownReference(e);
    case Time:
        return e.createdAt.toMSecsSinceEpoch();
    case Status:
        return int(EntryStatus::of(e));
    case Why:
        return why(e);
    }
    return {};
}

QVariant ScheduledEntriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(e, column);
    case RawRole:
        return raw(e, column);
    case EntryIdRole:
        return e.id;
    case CurrencyRole:
        return e.amount.currency;
    case ToneRole:
        return int(EntryStatus::chip(e).tone);
    case Qt::DecorationRole:
        if (column == Status)
            return EntryStatus::icon(EntryStatus::of(e));
        break;
    case Qt::ToolTipRole:
        if (column == Status)
            return EntryStatus::toolTip(e, m_locale);
        if (column == Time)
            return m_locale.toString(e.createdAt.toLocalTime(), QLocale::LongFormat);
        if (column == Why)
            return why(e);
        if (column == Reference)
            // The whole track label, which the column elides, and the sale.
            return shownReference(e) == e.reference
                       ? e.reference
                       : tr("%1\nSale: %2").arg(shownReference(e), e.reference);
        break;
    case Qt::AccessibleTextRole:
        if (column == Status)
            return EntryStatus::toolTip(e, m_locale);
        return display(e, column);
    case Qt::TextAlignmentRole:
        if (column == Amount)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant ScheduledEntriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Amount:
        return tr("Amount");
    case Source:
        return tr("Source");
    case Reference:
        return tr("Reference");
    case Time:
        return tr("Time");
    case Status:
        return tr("Status");
    case Why:
        return tr("When, and why not yet");
    }
    return {};
}

QHash<int, QByteArray> ScheduledEntriesModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RawRole, "raw");
    names.insert(EntryIdRole, "entryId");
    names.insert(CurrencyRole, "currency");
    names.insert(ToneRole, "tone");
    return names;
}
