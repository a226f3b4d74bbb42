#include "SummaryCards.h"

#include "common/ScheduleSource.h"
#include "payouts/ProcessingInfoWidget.h"
#include "util/Clock.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

SummaryCard::SummaryCard(const QString &objectName, const QString &title, QWidget *parent)
    : QFrame(parent)
{
    setObjectName(objectName);
    setFrameShape(QFrame::NoFrame);
    setAttribute(Qt::WA_StyledBackground);
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(12, 8, 10, 8);
    m_layout->setSpacing(2);
    m_title = new QLabel(title, this);
    m_title->setObjectName(objectName + u"Title");
    m_title->setWordWrap(true);
    m_title->setForegroundRole(QPalette::PlaceholderText);
    QFont small = m_title->font();
    small.setBold(true);
    m_title->setFont(small);
    m_title->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_title->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_layout->addWidget(m_title);
    // Cards of a row are as tall as the tallest; the table takes the rest.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    updateStyle();
}

void SummaryCard::setTitle(const QString &title)
{
    m_title->setText(title);
}

void SummaryCard::setAccent(Accent accent)
{
    if (accent == m_accent)
        return;
    m_accent = accent;
    updateStyle();
}

void SummaryCard::addWidget(QWidget *widget)
{
    // Words sit at the top; a taller neighbour's height goes below them.
    if (auto *label = qobject_cast<QLabel *>(widget)) {
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        QSizePolicy policy = label->sizePolicy();
        policy.setVerticalPolicy(QSizePolicy::Maximum);
        label->setSizePolicy(policy);
    }
    m_layout->addWidget(widget);
}

void SummaryCard::makeHeadline(QLabel *label, qreal scale)
{
    QFont big = label->font();
    big.setPointSizeF(big.pointSizeF() * scale);
    big.setBold(true);
    label->setFont(big);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

void SummaryCard::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateStyle();
}

void SummaryCard::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    fitText();
}

void SummaryCard::showEvent(QShowEvent *event)
{
    QFrame::showEvent(event);
    fitText(); // words changed while hidden (another tab) fit now
}

void SummaryCard::fitText()
{
    const QMargins m = m_layout->contentsMargins();
    const int inner = width() - m.left() - m.right() - 4; // the accent border
    // Not laid out yet (a card is never this narrow once shown): heights
    // for such a width would be absurd, and a later resize fits them.
    if (!isVisible() || inner < fontMetrics().averageCharWidth() * 8)
        return;
    for (QLabel *label : findChildren<QLabel *>(Qt::FindDirectChildrenOnly)) {
        if (!label->wordWrap())
            continue;
        // Exactly: a wrapped label's own size hint guesses at a width.
        // Measured here: QLabel::heightForWidth can count a line more than
        // it draws, which left a gap under short titles.
        const int margins = 2 * label->margin() + label->contentsMargins().top() +
                            label->contentsMargins().bottom();
        const int need =
            label->text().isEmpty()
                ? 0
                : label->fontMetrics()
                          .boundingRect(QRect(0, 0, inner - 2 * label->margin(), 1 << 20),
                                        int(Qt::TextWordWrap | Qt::AlignLeft), label->text())
                          .height() +
                      margins;
        if (need != label->minimumHeight() || need != label->maximumHeight())
            label->setFixedHeight(need);
    }
}

void SummaryCard::updateStyle()
{
    // Accents a shade lighter in a dark palette, so they stand out from a
    // dark card as they do from a light one.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    QString accent;
    switch (m_accent) {
    case Accent::Due:
        accent = dark ? QStringLiteral("#64b5f6") : QStringLiteral("#1565c0");
        break;
    case Accent::Held:
        accent = dark ? QStringLiteral("#ff8a80") : QStringLiteral("#c62828");
        break;
    case Accent::Next:
        accent = dark ? QStringLiteral("#b39ddb") : QStringLiteral("#5e35b1");
        break;
    case Accent::Paid:
        accent = dark ? QStringLiteral("#81c784") : QStringLiteral("#2e7d32");
        break;
    case Accent::Quiet:
        accent = QStringLiteral("palette(mid)");
        break;
    }
    // Only this frame, by its name: the labels inside keep their palette.
    // A style sheet changes the palette in turn: set only when it differs.
    const QString css = QStringLiteral("QFrame#%1 { background: palette(base); border: 1px solid "
                                       "palette(midlight); border-left: 4px solid %2; "
                                       "border-radius: 6px; }")
                            .arg(objectName(), accent);
    if (css != styleSheet())
        setStyleSheet(css);
}

NextPayoutCard::NextPayoutCard(ProcessingInfoWidget &info, Clock &clock, QWidget *parent)
    : SummaryCard(QStringLiteral("nextPayoutCard"), tr("Next payout"), parent)
    , m_info(info)
    , m_clock(clock)
{
    setAccent(Accent::Next);
    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("nextPayoutTime"));
    makeHeadline(m_time, 1.5);
    m_time->setWordWrap(true);
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("nextPayoutDetail"));
    m_detail->setWordWrap(true);
    addWidget(m_time);
    addWidget(m_detail);
    // One tick for both countdowns: Processing info's.
    connect(&m_info, &ProcessingInfoWidget::nextRunShown, this, &NextPayoutCard::refreshTimes);
    connect(&m_info, &ProcessingInfoWidget::modeChanged, this, &NextPayoutCard::refreshTimes);
    refreshTimes();
}

void NextPayoutCard::refreshTimes()
{
    ScheduleSource *source = m_info.scheduleSource();
    const QDateTime next = source ? source->nextRun() : QDateTime();
    const std::optional<Scheduler::Mode> mode = m_info.shownMode();
    const QString modeWords = !mode                                   ? tr("Mode: automatic")
                              : *mode == Scheduler::Mode::Development ? tr("Development mode")
                                                                      : tr("Production mode");
    if (!next.isValid()) {
        const auto state = source ? source->engineState() : EngineStatus::State::Unknown;
        m_time->setText(tr("Not scheduled"));
        QString why;
        if (state == EngineStatus::State::Stopped)
            why = tr("The store's payout engine is stopped.");
        else if (state == EngineStatus::State::Unresponsive)
            why = tr("The store's payout engine stopped answering.");
        else
            why = tr("No payout engine has announced a run yet.");
        m_detail->setText(why + u'\n' + modeWords);
        fitText();
        return;
    }
    const QDateTime local = next.toLocalTime();
    const QLocale loc = locale();
    const qint64 left = m_clock.now().secsTo(next);
    const QString at = local.date() == m_clock.now().toLocalTime().date()
                           ? loc.toString(local.time(), QLocale::ShortFormat)
                           : loc.toString(local, QLocale::ShortFormat);
    m_time->setText(at);
    const QString countdown = left < -60 ? tr("overdue: waiting for the payout engine")
                                         : ProcessingInfoWidget::countdown(left);
    m_detail->setText(countdown + u'\n' + modeWords);
    fitText();
}
