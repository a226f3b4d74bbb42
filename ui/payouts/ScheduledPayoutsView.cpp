#include "ScheduledPayoutsView.h"

#include "common/EmptyState.h"
#include "common/LedgerWatcher.h"
#include "common/MoneyText.h"
#include "common/ScheduleSource.h"
#include "ledger/AsyncLedgerReader.h"
#include "ledger/LedgerReader.h"
#include "money/Money.h"
#include "payouts/EntryStatus.h"
#include "payouts/ProcessingInfoWidget.h"
#include "payouts/ScheduledEntriesModel.h"
#include "payouts/StatusChipDelegate.h"
#include "payouts/SummaryCards.h"
#include "report/PaidHistory.h"
#include "util/Clock.h"

#include <QEvent>
#include <QGridLayout>
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
    , m_clock(clock)
{
    setObjectName(QStringLiteral("scheduledPayoutsView"));
    auto *layout = new QVBoxLayout(this);

    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("artistHeading"));
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setWordWrap(true); // an artist id is as long as the store made it
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.25);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);

    // Card 1, to be paid: one line per currency, so no amount is ever cut.
    m_dueCard = new SummaryCard(QStringLiteral("dueCard"), tr("To be paid to you"), this);
    m_dueCard->setAccent(SummaryCard::Accent::Due);
    m_caption = m_dueCard->titleLabel();
    m_caption->setObjectName(QStringLiteral("totalCaption"));
    m_total = new QLabel(m_dueCard);
    m_total->setObjectName(QStringLiteral("totalPending"));
    m_total->setAccessibleName(tr("Total to be paid"));
    SummaryCard::makeHeadline(m_total);
    // The label asks for the width of its longest line.
    m_total->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Minimum);
    m_caption->setBuddy(m_total);
    m_counts = new QLabel(m_dueCard);
    m_counts->setObjectName(QStringLiteral("entryCounts"));
    m_counts->setWordWrap(true);
    m_dueCard->addWidget(m_total);
    m_dueCard->addWidget(m_counts);

    // Card 2, on hold: how much, and why, and what releases it.
    m_heldCard = new SummaryCard(QStringLiteral("heldCard"), tr("On hold"), this);
    m_heldAmount = new QLabel(m_heldCard);
    m_heldAmount->setObjectName(QStringLiteral("heldAmount"));
    SummaryCard::makeHeadline(m_heldAmount);
    m_heldAmount->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Minimum);
    m_held = new QLabel(m_heldCard);
    m_held->setObjectName(QStringLiteral("heldTotal"));
    m_held->setWordWrap(true);
    m_heldCard->addWidget(m_heldAmount);
    m_heldCard->addWidget(m_held);

    // Card 3, the next payout: the processing info decides the engine's mode.
    m_info = new ProcessingInfoWidget(settings, clock, this);
    m_nextCard = new NextPayoutCard(*m_info, clock, this);

    // Card 4, paid this month, and the last payout.
    m_paidCard = new SummaryCard(QStringLiteral("paidCard"), tr("Paid this month"), this);
    m_paidCard->setAccent(SummaryCard::Accent::Paid);
    m_paidMonth = new QLabel(m_paidCard);
    m_paidMonth->setObjectName(QStringLiteral("paidThisMonth"));
    SummaryCard::makeHeadline(m_paidMonth);
    m_paidMonth->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Minimum);
    m_lastPaid = new QLabel(m_paidCard);
    m_lastPaid->setObjectName(QStringLiteral("lastPaid"));
    m_lastPaid->setWordWrap(true);
    m_lastPaid->hide();
    m_paidCard->addWidget(m_paidMonth);
    m_paidCard->addWidget(m_lastPaid);

    for (SummaryCard *card :
         {m_dueCard, m_heldCard, static_cast<SummaryCard *>(m_nextCard), m_paidCard})
        card->layout()->addItem(
            new QSpacerItem(0, 0, QSizePolicy::Minimum, QSizePolicy::Expanding));

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
    // Long references and reasons are elided, and whole in their tooltips.
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    m_table->setItemDelegateForColumn(
        ScheduledEntriesModel::Status,
        new StatusChipDelegate(ScheduledEntriesModel::ToneRole, m_table));
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ScheduledEntriesModel::Reference, QHeaderView::Interactive);
    header->resizeSection(ScheduledEntriesModel::Reference, 120);
    header->setSectionResizeMode(ScheduledEntriesModel::Why, QHeaderView::Stretch);
    header->setMinimumSectionSize(48);
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
    // The other way in: an artist whose store runs elsewhere connects to it.
    m_connectStore = new QPushButton(tr("Co&nnect to My Store…"), this);
    m_connectStore->setObjectName(QStringLiteral("connectStoreButton"));
    m_connectStore->setAccessibleName(tr("Connect to my store"));
    m_connectStore->setToolTip(tr("Show your payouts from your store's server, with the store's "
                                  "address and the personal token the store gave you."));
    m_connectStore->hide();
    m_dueCard->addWidget(m_connectStore);
    m_dueCard->addWidget(m_tryDemo);

    auto *top = new QHBoxLayout;
    top->addWidget(m_heading, 1);
    top->addWidget(m_refresh, 0, Qt::AlignTop);
    layout->addLayout(top);
    layout->addWidget(m_warning);
    layout->addWidget(m_error);
    m_cards = new QGridLayout;
    m_cards->setSpacing(8);
    arrangeCards(4);
    layout->addLayout(m_cards);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_info);

    connect(m_refresh, &QPushButton::clicked, this, &ScheduledPayoutsView::refresh);
    connect(m_tryDemo, &QPushButton::clicked, this, &ScheduledPayoutsView::demoRequested);
    connect(m_connectStore, &QPushButton::clicked, this,
            &ScheduledPayoutsView::connectStoreRequested);
    connect(&watcher, &LedgerWatcher::ledgerChanged, this, &ScheduledPayoutsView::onLedgerChanged);
    connect(m_model, &ScheduledEntriesModel::loadFailed, this, &ScheduledPayoutsView::showError);
    refresh();
}

void ScheduledPayoutsView::arrangeCards(int columns)
{
    if (columns == m_cardColumns)
        return;
    m_cardColumns = columns;
    const QList<QWidget *> cards{m_dueCard, m_heldCard, m_nextCard, m_paidCard};
    for (QWidget *card : cards)
        m_cards->removeWidget(card);
    for (int i = 0; i < cards.size(); ++i)
        m_cards->addWidget(cards.at(i), i / columns, i % columns);
    // The amounts to be paid get the most room.
    for (int c = 0; c < 4; ++c)
        m_cards->setColumnStretch(c, c >= columns ? 0 : (c == 0 ? 5 : 4));
}

void ScheduledPayoutsView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Below this width four cards would squeeze their amounts.
    arrangeCards(width() >= 640 ? 4 : 2);
}

void ScheduledPayoutsView::setScheduleSource(ScheduleSource *source)
{
    if (ScheduleSource *old = m_info->scheduleSource())
        disconnect(old, nullptr, this, nullptr);
    m_info->setScheduleSource(source);
    if (source)
        connect(source, &ScheduleSource::nextRunChanged, this,
                &ScheduledPayoutsView::onNextRunChanged);
    onNextRunChanged();
}

void ScheduledPayoutsView::onNextRunChanged()
{
    ScheduleSource *source = m_info->scheduleSource();
    m_model->setNextRun(source ? source->nextRun() : QDateTime(), m_clock.now());
    m_nextCard->refreshTimes();
}

void ScheduledPayoutsView::setArtist(const QString &artist)
{
    if (artist == m_artist)
        return;
    m_artist = artist;
    // The previous artist's payout is never shown as this one's.
    m_lastPaid->hide();
    m_paidMonth->setText(QStringLiteral("…"));
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
    m_heldAmount->hide();
    m_dueCard->setAccent(SummaryCard::Accent::Due);
    if (m_artist.isEmpty()) {
        m_heading->setText(tr("No artist chosen"));
        m_total->setText(QStringLiteral("—"));
        m_counts->setText(tr("Choose your artist id in Settings (File › Settings) to see your "
                             "payouts, or try the demo to see a store at work."));
        m_tryDemo->show();
        m_connectStore->show();
        for (SummaryCard *card : {m_heldCard, m_paidCard})
            card->hide();
        m_empty->setText(tr("Choose your artist id in Settings (File › Settings) to see what "
                            "the store owes you."));
        m_model->reload();
        fitCards();
        Q_EMIT refreshed();
        return;
    }
    m_tryDemo->hide();
    m_connectStore->hide();
    for (SummaryCard *card : {m_heldCard, m_paidCard})
        card->show();
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
            m_counts->setText(tr("Unknown artist id"));
            m_held->setText(QStringLiteral("—"));
            m_paidMonth->setText(QStringLiteral("—"));
            m_lastPaid->hide();
            m_warning->setText(tr("This store knows no artist with the id \"%1\". Check the id "
                                  "in Settings (File › Settings): it must be written exactly as "
                                  "the store gave it to you.")
                                   .arg(m_artist));
            m_warning->show();
            m_empty->setText(
                tr("No sales for the artist id \"%1\". Check the id in Settings.").arg(m_artist));
            m_model->reload();
            fitCards();
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
            // The card's title says "On hold": each line says how much and why.
            const QString line = tr("%1: %2").arg(Money{h.amountMinor, h.currency}.format(loc),
                                                  EntryStatus::reasonText(h.reason));
            const QString advice = EntryStatus::holdAdvice(h.reason);
            heldLines << (advice.isEmpty() ? line : tr("%1; %2").arg(line, advice));
        }
    }
    if (!due.isEmpty()) {
        m_total->setText(formatTotalsLines(due, loc));
        if (!held.isEmpty()) {
            // Both: the held card has its own headline amount.
            m_heldAmount->setText(formatTotalsLines(held, loc));
            m_heldAmount->show();
        }
    } else if (!held.isEmpty()) {
        // Nothing due, money on hold: the held money is the headline.
        m_caption->setText(tr("Nothing is due now; on hold:"));
        m_total->setText(formatTotalsLines(held, loc));
        m_dueCard->setAccent(SummaryCard::Accent::Held);
    } else {
        m_total->setText(tr("Nothing to be paid"));
    }
    if (heldLines.isEmpty()) {
        m_held->setText(tr("Nothing on hold."));
        m_heldCard->setAccent(SummaryCard::Accent::Quiet);
    } else {
        m_held->setText(heldLines.join(u'\n'));
        m_heldCard->setAccent(SummaryCard::Accent::Held);
    }
    // Each count stays on one line ("1 ausstehend", never "1" alone); only
    // the counts there are (the held card counts what is on hold).
    const auto whole = [](QString count) { return count.replace(u' ', QChar(0x00A0)); };
    QStringList counts;
    if (pending > 0)
        counts << whole(tr("%n pending", nullptr, int(pending)));
    if (sending > 0)
        counts << whole(tr("%n processing", nullptr, int(sending)));
    if (onHold > 0)
        counts << whole(tr("%n on hold", nullptr, int(onHold)));
    m_counts->setText(counts.join(QStringLiteral(" · ")));
    if (paidEntries > 0) {
        showLastPaid(paidEntries);
    } else {
        m_lastPaid->setText(tr("Nothing has been paid to you yet."));
        m_lastPaid->setToolTip(QString());
        m_lastPaid->show();
        m_paidMonth->setText(QStringLiteral("—"));
    }
    m_empty->setText(paidEntries > 0
                         ? tr("Everything due has been paid. New sales wait here until the next "
                              "payout run; History lists what was paid.")
                         : tr("No sales yet. Each sale waits here until a payout run pays it."));
    m_model->setLocale(loc);
    m_model->reload();
    fitCards();
    Q_EMIT refreshed();
}

void ScheduledPayoutsView::fitCards()
{
    for (SummaryCard *card : {m_dueCard, m_heldCard, m_paidCard})
        card->fitText();
}

namespace {

// The latest transfer and what was paid this month. Every paid entry is
// read (PaidHistory::load, up to its cap), since money paid this month may
// have been earned long before: the window reads it off the GUI thread.
struct LastPaid
{
    QMap<QString, qint64> amount;
    QDateTime at;
    QString transferId;
    QMap<QString, qint64> thisMonth;
};

Result<LastPaid> readLastPaid(LedgerReader &reader, const QString &artist, const QDateTime &now)
{
    const Result<QList<Entry>> paid = PaidHistory::load(reader, artist);
    if (!paid)
        return fail(paid.error());
    LastPaid last;
    if (paid->isEmpty())
        return last;
    const QDate today = now.toLocalTime().date();
    const Entry *latest = &paid->first();
    for (const Entry &e : *paid) {
        if (e.updatedAt > latest->updatedAt)
            latest = &e;
        const QDate on = e.updatedAt.toLocalTime().date();
        if (on.year() == today.year() && on.month() == today.month())
            last.thisMonth[e.amount.currency] += e.amount.minor;
    }
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
    Q_UNUSED(paidEntries);
    const QString artist = m_artist;
    const QDateTime now = m_clock.now();
    const auto show = [this, artist](const Result<LastPaid> &last) {
        if (artist != m_artist)
            return; // another artist is shown now
        if (!last || last->amount.isEmpty()) {
            m_lastPaid->hide();
            return;
        }
        const QLocale loc = locale();
        m_paidMonth->setText(last->thisMonth.isEmpty()
                                 ? Money{0, last->amount.firstKey()}.format(loc)
                                 : formatTotalsLines(last->thisMonth, loc));
        m_lastPaid->setText(tr("Last paid: %1 on %2")
                                .arg(formatTotals(last->amount, loc),
                                     loc.toString(last->at.toLocalTime(), QLocale::ShortFormat)));
        m_lastPaid->setToolTip(
            last->transferId.isEmpty()
                ? tr("History lists every payout.")
                : tr("Stripe transfer %1. History lists every payout.").arg(last->transferId));
        m_lastPaid->show();
        fitCards();
    };
    if (!m_async) {
        show(readLastPaid(m_reader, artist, now));
        return;
    }
    // Until it arrives the previous line stays: a refresh does not flicker.
    m_async->read<LastPaid>(
        QStringLiteral("lastPaid:%1").arg(quintptr(this)), this,
        [artist, now](LedgerReader &reader) { return readLastPaid(reader, artist, now); }, show);
}
