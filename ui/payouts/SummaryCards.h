#pragma once

#include <QFrame>
#include <QTimer>

class Clock;
class ProcessingInfoWidget;
class QLabel;
class QVBoxLayout;

// One card of the artist's summary row: a small title, then whatever the
// view puts in it (a large amount, a line of detail). The accent along its
// left edge gives the card's kind at a glance; the words say it in full.
class SummaryCard : public QFrame
{
    Q_OBJECT
public:
    enum class Accent { Due, Held, Next, Paid, Quiet };

    SummaryCard(const QString &objectName, const QString &title, QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setAccent(Accent accent);
    QLabel *titleLabel() const { return m_title; }
    void addWidget(QWidget *widget);
    // Gives each wrapped label the height its words need at the card's
    // width; call after changing a label's text (a resize does it too).
    void fitText();
    // A label for the card's headline: bold, larger, whole (never elided).
    static void makeHeadline(QLabel *label, qreal scale = 1.8);

protected:
    void changeEvent(QEvent *event) override;
    // Wrapped words get the height they need at the card's width, so a
    // narrow card grows taller instead of cutting its last lines.
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void updateStyle();

    QLabel *m_title = nullptr;
    QVBoxLayout *m_layout = nullptr;
    Accent m_accent = Accent::Quiet;
};

// "Next payout": when the engine's next run is, with a live countdown, and
// the engine's real mode (ProcessingInfoWidget decides which that is).
class NextPayoutCard final : public SummaryCard
{
    Q_OBJECT
public:
    NextPayoutCard(ProcessingInfoWidget &info, Clock &clock, QWidget *parent = nullptr);

    QLabel *timeLabel() const { return m_time; }
    QLabel *detailLabel() const { return m_detail; }
    void refreshTimes();

private:
    ProcessingInfoWidget &m_info;
    Clock &m_clock;
    QLabel *m_time = nullptr;
    QLabel *m_detail = nullptr;
};
