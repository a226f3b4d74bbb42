#include "ScheduledPayoutsView.h"

#include "common/EmptyState.h"
#include "common/LedgerWatcher.h"
#include "common/MoneyText.h"
#include "ledger/AsyncLedgerReader.h"
#include "ledger/LedgerReader.h"
#include "money/Money.h"
#include "payouts/EntryStatus.h"
#include "payouts/ProcessingInfoWidget.h"
#include "payouts/ScheduledEntriesModel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

ScheduledPayoutsView::ScheduledPayoutsView(LedgerReader &reader, LedgerWatcher &watcher,
                                           Settings &settings, Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
{
    setObjectName(QStringLiteral("scheduledPayoutsView"));
    auto *layout = new QVBoxLayout(this);

    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("artistHeading"));
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setWordWrap(true); // an artist id is as long as the store made it

    m_caption = new QLabel(tr("To be paid to you"), this);
    m_caption->setObjectName(QStringLiteral("totalCaption"));
    auto *caption = m_caption;
    m_total = new QLabel(this);
    m_total->setObjectName(QStringLiteral("totalPending"));
    m_total->setAccessibleName(tr("Total to be paid"));
    m_total->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont big = m_total->font();
    big.setPointSizeF(big.pointSizeF() * 2.4);
    big.setBold(true);
    m_total->setFont(big);
    // One line per currency (formatTotalsLines), so no amount is ever cut;
    // the label asks for the width of its longest line.
    m_total->setTextFormat(Qt::PlainText);
    m_total->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Minimum);
    caption->setBuddy(m_total);

    m_held = new QLabel(this);
    m_held->setObjectName(QStringLiteral("heldTotal"));
    m_held->setWordWrap(true);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("entryCounts"));
    m_counts->setWordWrap(true);
    m_lastPaid = new QLabel(this);
    m_lastPaid->setObjectName(QStringLiteral("lastPaid"));
    m_lastPaid->setWordWrap(true);
    m_lastPaid->hide();
    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("artistWarning"));
    m_warning->setWordWrap(true);
    // Dark text on amber, as the demo banner: readable in light and dark.
    m_warning->setStyleSheet(QStringLiteral(
        "QLabel#artistWarning { background: #ffd54f; color: #202020; padding: 6px; }"));
    m_warning->hide();
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("loadError"));
    m_error->setWordWrap(true);
    m_error->setForegroundRole(QPalette::BrightText);
    m_error->hide();

    m_info = new ProcessingInfoWidget(settings, clock, this);

    m_model = new ScheduledEntriesModel(reader, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ScheduledEntriesModel::RawRole);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("scheduledTable"));
    m_table->setAccessibleName(tr("Scheduled payouts"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ScheduledEntriesModel::Time, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ScheduledEntriesModel::Reference,
                                                      QHeaderView::Stretch);
    m_table->setTabKeyNavigation(false); // Tab moves on to the buttons
    m_empty = new EmptyState(m_table, QString());

    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    m_refresh->setAccessibleName(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the ledger again now (it also updates by itself)"));

    // The first-run way in: the whole product on a throw-away ledger.
    m_tryDemo = new QPushButton(tr("Try the &demo"), this);
    m_tryDemo->setObjectName(QStringLiteral("tryDemoButton"));
    m_tryDemo->setAccessibleName(tr("Try the demo"));
    m_tryDemo->setToolTip(tr("Opens a second window on a throw-away demo store with a simulated "
                             "Stripe: purchases arrive, and the first payout lands in about 30 "
                             "seconds. Your own ledger is not touched."));
    m_tryDemo->hide();

    auto *totals = new QVBoxLayout;
    totals->setSpacing(2);
    totals->addWidget(m_heading);
    totals->addWidget(caption);
    totals->addWidget(m_total);
    totals->addWidget(m_held);
    totals->addWidget(m_counts);
    totals->addWidget(m_lastPaid);
    totals->addWidget(m_tryDemo, 0, Qt::AlignLeft);
    auto *top = new QHBoxLayout;
    top->addLayout(totals, 2);
    top->addWidget(m_info, 3);
    layout->addLayout(top);
    layout->addWidget(m_warning);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_refresh);
    layout->addLayout(buttons);

    connect(m_refresh, &QPushButton::clicked, this, &ScheduledPayoutsView::refresh);
    connect(m_tryDemo, &QPushButton::clicked, this, &ScheduledPayoutsView::demoRequested);
    connect(&watcher, &LedgerWatcher::ledgerChanged, this, &ScheduledPayoutsView::onLedgerChanged);
    connect(m_model, &ScheduledEntriesModel::loadFailed, this, &ScheduledPayoutsView::showError);
    refresh();
}

void ScheduledPayoutsView::setArtist(const QString &artist)
{
    if (artist == m_artist)
        return;
    m_artist = artist;
    m_lastPaid->hide(); // the previous artist's payout is never shown as this one's
    m_model->setArtist(artist);
    refresh();
}

void ScheduledPayoutsView::onLedgerChanged()
{
    if (isVisible())
        refresh();
    else
        m_stale = true;
}

int ScheduledPayoutsView::heightForWidth(int width) const
{
    return layout()->totalMinimumHeightForWidth(width);
}

void ScheduledPayoutsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void ScheduledPayoutsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LocaleChange) {
        m_model->setLocale(locale());
        refresh();
    }
}

void ScheduledPayoutsView::showError(const QString &message)
{
    m_error->setText(tr("Cannot read the ledger: %1").arg(message));
    m_error->show();
}

void ScheduledPayoutsView::refresh()
{
    m_stale = false;
    m_error->hide();
    m_warning->hide();
    m_caption->setText(tr("To be paid to you"));
    if (m_artist.isEmpty()) {
        m_heading->setText(tr("No artist chosen"));
        m_total->setText(QStringLiteral("—"));
        m_held->setText(tr("Choose your artist id in Settings (File › Settings) to see your "
                           "payouts, or try the demo to see a store at work."));
        m_held->show();
        m_tryDemo->show();
        m_counts->clear();
        m_empty->setText(tr("Choose your artist id in Settings (File › Settings) to see what "
                            "the store owes you."));
        m_model->reload();
        Q_EMIT refreshed();
        return;
    }
    m_tryDemo->hide();
    m_heading->setText(tr("Scheduled Payouts for %1").arg(m_artist));
    const Result<QList<ArtistBalance>> balances = m_reader.balances(m_artist);
    if (!balances) {
        showError(balances.error().message);
        return;
    }
    if (balances->isEmpty()) {
        // No money either way: a real artist without sales yet, or an id the
        // store does not know (mistyped in Settings). Only the second warns.
        const Result<std::optional<Artist>> known = m_reader.artist(m_artist);
        if (known && !*known) {
            m_total->setText(QStringLiteral("—"));
            m_held->hide();
            m_counts->clear();
            m_warning->setText(tr("This store knows no artist with the id \"%1\". Check the id "
                                  "in Settings (File › Settings): it must be written exactly as "
                                  "the store gave it to you.")
                                   .arg(m_artist));
            m_warning->show();
            m_empty->setText(
                tr("No sales for the artist id \"%1\". Check the id in Settings.").arg(m_artist));
            m_model->reload();
            Q_EMIT refreshed();
            return;
        }
    }
    QMap<QString, qint64> due;
    qint64 pending = 0;
    qint64 sending = 0;
    qint64 onHold = 0;
    qint64 paidEntries = 0;
    for (const ArtistBalance &b : *balances) {
        // "To be paid" is what the engine will pay: pending, and sending
        // (already on its way); held money is shown apart, with why.
        if (b.pendingMinor + b.sendingMinor != 0)
            due[b.currency] += b.pendingMinor + b.sendingMinor;
        pending += b.countByState[int(EntryState::Pending)];
        sending += b.countByState[int(EntryState::Sending)];
        onHold += b.countByState[int(EntryState::Held)];
        paidEntries += b.countByState[int(EntryState::Paid)];
    }
    const QLocale loc = locale();
    // Held money by reason: what is on hold and why, never "nothing to be
    // paid" while money waits.
    QMap<QString, qint64> held;
    QStringList heldLines;
    if (onHold > 0) {
        const Result<QList<HeldTotal>> holds = m_reader.heldTotals(m_artist);
        if (!holds) {
            showError(holds.error().message);
            return;
        }
        for (const HeldTotal &h : *holds) {
            held[h.currency] += h.amountMinor;
            const QString line = tr("On hold: %1 (%2)")
                                     .arg(Money{h.amountMinor, h.currency}.format(loc),
                                          EntryStatus::reasonText(h.reason));
            const QString advice = EntryStatus::holdAdvice(h.reason);
            heldLines << (advice.isEmpty() ? line : tr("%1: %2").arg(line, advice));
        }
    }
    if (!due.isEmpty()) {
        m_total->setText(formatTotalsLines(due, loc));
    } else if (!held.isEmpty()) {
        m_caption->setText(tr("Nothing is due now; on hold:"));
        m_total->setText(formatTotalsLines(held, loc));
    } else {
        m_total->setText(tr("Nothing to be paid"));
    }
    m_held->setText(heldLines.join(u'\n'));
    m_held->setVisible(!heldLines.isEmpty());
    // Each count stays on one line ("0 zurückgehalten", never "0" alone).
    const auto whole = [](QString count) { return count.replace(u' ', QChar(0x00A0)); };
    m_counts->setText(whole(tr("%n pending", nullptr, int(pending))) + QStringLiteral(" · ") +
                      whole(tr("%n processing", nullptr, int(sending))) + QStringLiteral(" · ") +
                      whole(tr("%n on hold", nullptr, int(onHold))));
    if (paidEntries > 0)
        showLastPaid(paidEntries);
    else
        m_lastPaid->hide();
    m_empty->setText(paidEntries > 0
                         ? tr("Everything due has been paid. New sales wait here until the next "
                              "payout run; History lists what was paid.")
                         : tr("No sales yet. Each sale waits here until a payout run pays it."));
    m_model->setLocale(loc);
    m_model->reload();
    Q_EMIT refreshed();
}

namespace {

// The latest transfer among the last page of paid entries (the ledger orders
// them by purchase): the page is bounded, but reaching it skips every older
// paid entry, so the window reads it off the GUI thread.
struct LastPaid
{
    QMap<QString, qint64> amount;
    QDateTime at;
    QString transferId;
};

Result<LastPaid> readLastPaid(LedgerReader &reader, const QString &artist, qint64 paidEntries)
{
    const int page = 200;
    const Result<QList<Entry>> paid = reader.entries(LedgerReader::EntryFilter{
        artist, {EntryState::Paid}, page, qMax<qint64>(0, paidEntries - page)});
    if (!paid)
        return fail(paid.error());
    LastPaid last;
    if (paid->isEmpty())
        return last;
    const Entry *latest = &paid->first();
    for (const Entry &e : *paid)
        if (e.updatedAt > latest->updatedAt)
            latest = &e;
    for (const Entry &e : *paid)
        if (e.transferId == latest->transferId)
            last.amount[e.amount.currency] += e.amount.minor;
    last.at = latest->updatedAt;
    last.transferId = latest->transferId;
    return last;
}

} // namespace

void ScheduledPayoutsView::setAsyncReader(AsyncLedgerReader *reader)
{
    m_async = reader;
}

void ScheduledPayoutsView::showLastPaid(qint64 paidEntries)
{
    const QString artist = m_artist;
    const auto show = [this, artist](const Result<LastPaid> &last) {
        if (artist != m_artist)
            return; // another artist is shown now
        if (!last || last->amount.isEmpty()) {
            m_lastPaid->hide();
            return;
        }
        const QLocale loc = locale();
        m_lastPaid->setText(tr("Last paid: %1 on %2 (see History)")
                                .arg(formatTotals(last->amount, loc),
                                     loc.toString(last->at.toLocalTime(), QLocale::ShortFormat)));
        m_lastPaid->setToolTip(last->transferId.isEmpty()
                                   ? QString()
                                   : tr("Stripe transfer %1").arg(last->transferId));
        m_lastPaid->show();
    };
    if (!m_async) {
        show(readLastPaid(m_reader, artist, paidEntries));
        return;
    }
    // Until it arrives the previous line stays: a refresh does not flicker.
    m_async->read<LastPaid>(
        QStringLiteral("lastPaid:%1").arg(quintptr(this)), this,
        [artist, paidEntries](LedgerReader &reader) {
            return readLastPaid(reader, artist, paidEntries);
        },
        show);
}
