#include "HistoryView.h"

#include "common/DialogPrompter.h"
#include "common/EmptyState.h"
#include "common/LedgerWatcher.h"
#include "common/MoneyText.h"
#include "history/HistoryModel.h"
#include "history/StatementDialog.h"
#include "history/StatementPdf.h"
#include "history/WeeklyChart.h"
#include "ledger/AsyncLedgerReader.h"
#include "report/PaidHistory.h"
#include "report/Statement.h"
#include "util/Clock.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

// What a read on the reader's thread hands back: the entries for the chart
// and, grouped there too, the transfers for the tree.
struct HistoryView::Loaded
{
    QString artist;
    QList<Entry> paid;
    QList<TransferGroup> groups;
    bool truncated = false;
};

HistoryView::HistoryView(AsyncLedgerReader &reader, LedgerWatcher &watcher, Clock &clock,
                         DialogPrompter &prompter, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_channel(QStringLiteral("history:%1").arg(quintptr(this)))
    , m_clock(clock)
    , m_prompter(prompter)
{
    setObjectName(QStringLiteral("historyView"));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("historySummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    m_model = new HistoryModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(HistoryModel::RawRole);
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("historyTree"));
    m_tree->setAccessibleName(tr("Payouts by transfer"));
    m_tree->setModel(m_proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(HistoryModel::Date, Qt::DescendingOrder);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(HistoryModel::Item, QHeaderView::Stretch);
    m_empty = new EmptyState(m_tree, tr("No artist chosen: choose your artist id in Settings "
                                        "(File › Settings)."));

    m_chart = new WeeklyChart(this);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    m_export = new QPushButton(tr("&Export CSV…"), this);
    m_export->setObjectName(QStringLiteral("exportCsvButton"));
    m_export->setAccessibleName(tr("Export history as CSV"));
    m_statement = new QPushButton(tr("&Statement…"), this);
    m_statement->setObjectName(QStringLiteral("statementButton"));
    m_statement->setAccessibleName(tr("Save a statement"));
    m_statement->setToolTip(
        tr("A statement for a month or a range of days, as PDF or CSV: opening balance, earned "
           "per track, reversed, paid per transfer, closing balance."));
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_statement);
    buttons->addWidget(m_export);
    layout->addLayout(buttons);

    connect(m_export, &QPushButton::clicked, this, &HistoryView::exportCsv);
    connect(m_statement, &QPushButton::clicked, this, &HistoryView::chooseStatement);
    connect(&watcher, &LedgerWatcher::ledgerChanged, this, &HistoryView::onLedgerChanged);
    refresh();
}

void HistoryView::setArtist(const QString &artist)
{
    if (artist == m_artist)
        return;
    m_artist = artist;
    // Another artist's transfers are never left on screen while this
    // artist's load.
    m_model->setGroups({});
    m_chart->setEntries({}, m_clock.now().toLocalTime().date());
    m_export->setEnabled(false);
    m_statement->setEnabled(!m_artist.isEmpty());
    refresh();
}

void HistoryView::onLedgerChanged()
{
    if (isVisible())
        refresh();
    else
        m_stale = true;
}

int HistoryView::heightForWidth(int width) const
{
    return layout()->totalMinimumHeightForWidth(width);
}

void HistoryView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void HistoryView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LocaleChange)
        refresh();
}

void HistoryView::refresh()
{
    m_stale = false;
    if (m_artist.isEmpty()) {
        m_loading = false;
        showLoaded(Loaded{});
        return;
    }
    m_loading = true;
    if (m_model->rowCount() == 0) {
        m_summary->setText(tr("Loading…"));
        m_empty->setText(tr("Loading…"));
    }
    const QString artist = m_artist;
    m_reader.read<Loaded>(
        m_channel, this,
        [artist](LedgerReader &reader) -> Result<Loaded> {
            Loaded loaded{artist, {}, {}, false};
            Result<QList<Entry>> paid =
                PaidHistory::load(reader, artist, 100'000, &loaded.truncated);
            if (!paid)
                return fail(paid.error());
            loaded.paid = std::move(*paid);
            loaded.groups = PaidHistory::groupByTransfer(loaded.paid);
            return loaded;
        },
        [this, artist](const Result<Loaded> &loaded) {
            // The artist changed while this was read: its own read follows.
            if (artist == m_artist)
                showLoaded(loaded);
        });
}

void HistoryView::showLoaded(const Result<Loaded> &loaded)
{
    m_loading = m_reader.isBusy(m_channel);
    if (!loaded) {
        m_summary->setText(tr("Cannot read the ledger: %1").arg(loaded.error().message));
        Q_EMIT refreshed();
        return;
    }
    const QList<Entry> &paid = loaded->paid;
    const bool truncated = loaded->truncated;
    // A refresh replaces the groups; the transfers that were open stay open.
    QSet<QString> expanded;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (m_tree->isExpanded(i))
            expanded.insert(i.data(HistoryModel::TransferIdRole).toString());
    }
    QList<TransferGroup> groups = loaded->groups;
    QMap<QString, qint64> total;
    for (const TransferGroup &g : std::as_const(groups))
        for (auto it = g.minorByCurrency.cbegin(); it != g.minorByCurrency.cend(); ++it)
            total[it.key()] += it.value();
    const int transfers = int(groups.size());
    m_model->setLocale(locale());
    m_model->setGroups(std::move(groups));
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (expanded.contains(i.data(HistoryModel::TransferIdRole).toString()))
            m_tree->expand(i);
    }
    m_chart->setEntries(paid, m_clock.now().toLocalTime().date());

    if (m_artist.isEmpty()) {
        m_summary->setText(tr("No artist chosen."));
        m_empty->setText(tr("No artist chosen: choose your artist id in Settings "
                            "(File › Settings)."));
    } else if (transfers == 0) {
        m_summary->setText(tr("Nothing has been paid to %1 yet.").arg(m_artist));
        m_empty->setText(tr("No payouts yet. Each payout run's transfer appears here with the "
                            "sales it paid; see Scheduled Payouts for what is due next."));
    } else {
        m_summary->setText(tr("Paid to %1 in total: %2, in %n transfer(s).", nullptr, transfers)
                               .arg(m_artist, formatTotals(total, locale())));
    }
    if (truncated)
        m_summary->setText(
            m_summary->text() + u' ' +
            tr("Only the first %n payment(s) are shown.", nullptr, int(paid.size())));
    m_export->setEnabled(transfers > 0);
    m_statement->setEnabled(!m_artist.isEmpty());
    Q_EMIT refreshed();
}

bool HistoryView::exportCsv()
{
    const QString suggested = QDir::home().filePath(
        QStringLiteral("payouts-%1-%2.csv")
            .arg(m_artist, m_clock.now().toString(QStringLiteral("yyyyMMdd"))));
    const QString path =
        m_prompter.saveFileName(this, tr("Export history"), suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return false;
    // What is shown: the transfers in the view's current order.
    QList<TransferGroup> shown;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex source = m_proxy->mapToSource(m_proxy->index(r, 0));
        TransferGroup g = m_model->groups().at(source.row());
        QList<Entry> ordered;
        for (int c = 0; c < m_proxy->rowCount(m_proxy->index(r, 0)); ++c)
            ordered << g.entries.at(
                m_proxy->mapToSource(m_proxy->index(c, 0, m_proxy->index(r, 0))).row());
        g.entries = ordered;
        shown << g;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(PaidHistory::toCsv(shown)) < 0 ||
        !file.commit()) {
        m_prompter.warn(this, tr("Export history"),
                        tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

void HistoryView::chooseStatement()
{
    auto *dialog = new StatementDialog(m_clock.now().toLocalTime().date(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        saveStatement(dialog->from(), dialog->to(),
                      dialog->format() == StatementDialog::Format::Pdf);
    });
    dialog->open();
}

bool HistoryView::saveStatement(const QDate &from, const QDate &to, bool pdf)
{
    if (m_artist.isEmpty() || !from.isValid() || !to.isValid() || from > to)
        return false;
    const bool month = from.day() == 1 && to == from.addMonths(1).addDays(-1);
    const QString period =
        month ? from.toString(u"yyyy-MM")
              : QString(from.toString(Qt::ISODate) + u'_' + to.toString(Qt::ISODate));
    const QString suggested = QDir::home().filePath(
        QStringLiteral("statement-%1-%2.%3")
            .arg(m_artist, period, pdf ? QStringLiteral("pdf") : QStringLiteral("csv")));
    const QString path =
        m_prompter.saveFileName(this, tr("Save statement"), suggested,
                                pdf ? tr("PDF documents (*.pdf)") : tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return false;
    const QString artist = m_artist;
    const QLocale loc = locale();
    m_reader.read<Statement>(
        m_channel + QStringLiteral(":statement"), this,
        [artist, from, to](LedgerReader &reader) {
            return Statements::compute(reader, artist, from, to);
        },
        [this, path, pdf, loc](const Result<Statement> &s) {
            Status written = s ? Status{} : Status(fail(s.error()));
            if (written && pdf) {
                written = StatementPdf::write(*s, loc, path);
            } else if (written) {
                QSaveFile file(path);
                const QByteArray csv = Statements::toCsv(*s);
                if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() ||
                    !file.commit())
                    written =
                        fail(Error::io(tr("Cannot write %1: %2").arg(path, file.errorString())));
            }
            if (!written)
                m_prompter.warn(this, tr("Save statement"), written.error().message);
            Q_EMIT statementSaved(path, bool(written));
        });
    return true;
}
