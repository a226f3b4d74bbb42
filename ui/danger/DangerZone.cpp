#include "DangerZone.h"

#include "common/DialogPrompter.h"
#include "ledger/LedgerReader.h"
#include "service/AdminActions.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

DangerZone::DangerZone(LedgerReader &reader, AdminActions &actions, DialogPrompter &prompter,
                       QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_actions(actions)
    , m_prompter(prompter)
{
    setObjectName(QStringLiteral("dangerZone"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_toggle = new QToolButton(this);
    m_toggle->setObjectName(QStringLiteral("dangerToggle"));
    m_toggle->setText(tr("&Advanced Account Management"));
    m_toggle->setAccessibleName(tr("Advanced Account Management"));
    m_toggle->setAccessibleDescription(tr("Shows or hides the danger zone with Reset Account"));
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setArrowType(Qt::RightArrow);
    m_toggle->setCheckable(true);
    m_toggle->setChecked(false);
    m_toggle->setAutoRaise(true);
    m_toggle->setFocusPolicy(Qt::StrongFocus);
    layout->addWidget(m_toggle);

    m_content = new QFrame(this);
    m_content->setObjectName(QStringLiteral("dangerContent"));
    m_content->setFrameShape(QFrame::StyledPanel);
    auto *inner = new QVBoxLayout(m_content);
    auto *title = new QLabel(tr("Danger zone"), m_content);
    title->setObjectName(QStringLiteral("dangerTitle"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_explanation = new QLabel(m_content);
    m_explanation->setObjectName(QStringLiteral("dangerExplanation"));
    m_explanation->setWordWrap(true);
    m_reset = new QPushButton(tr("&Reset Account…"), m_content);
    m_reset->setObjectName(QStringLiteral("resetAccountButton"));
    m_reset->setAccessibleName(tr("Reset Account"));
    m_status = new QLabel(m_content);
    m_status->setObjectName(QStringLiteral("resetStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    inner->addWidget(title);
    inner->addWidget(m_explanation);
    auto *row = new QHBoxLayout;
    row->addWidget(m_reset);
    row->addStretch();
    inner->addLayout(row);
    inner->addWidget(m_status);
    m_content->setVisible(false);
    layout->addWidget(m_content);

    connect(m_toggle, &QToolButton::toggled, this, &DangerZone::setExpanded);
    connect(m_reset, &QPushButton::clicked, this, &DangerZone::requestReset);
    updateStyle();
    updateButton();
}

void DangerZone::setArtist(const QString &artist)
{
    m_artist = artist;
    m_explanation->setText(
        artist.isEmpty()
            ? tr("Choose an artist first.")
            : tr("Reset Account unlinks the Stripe account of %1, so the account can be set up "
                 "again. No money is deleted: everything still pending is put on hold until a "
                 "payout account is linked again, and payments already on their way are "
                 "finished. A backup of the ledger is written first.")
                  .arg(artist));
    updateButton();
}

bool DangerZone::isExpanded() const
{
    return m_toggle->isChecked();
}

void DangerZone::setExpanded(bool expanded)
{
    if (m_toggle->isChecked() != expanded) {
        m_toggle->setChecked(expanded); // comes back here through toggled()
        return;
    }
    m_toggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_content->setVisible(expanded);
    Q_EMIT expandedChanged(expanded);
}

void DangerZone::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateStyle();
}

void DangerZone::updateStyle()
{
    // A red that keeps its contrast: dark red on a light window, a light
    // red on a dark one.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QString red = dark ? QStringLiteral("#ff6b6b") : QStringLiteral("#c62828");
    const QString tint = dark ? QStringLiteral("rgba(255, 107, 107, 0.08)")
                              : QStringLiteral("rgba(198, 40, 40, 0.05)");
    m_content->setStyleSheet(
        QStringLiteral("QFrame#dangerContent { border: 1px solid %1; border-radius: 4px; "
                       "background: %2; }"
                       "QLabel#dangerTitle { color: %1; }"
                       "QPushButton#resetAccountButton { color: %1; border: 1px solid %1; "
                       "border-radius: 3px; padding: 4px 14px; background: transparent; }"
                       "QPushButton#resetAccountButton:hover { background: %2; }"
                       "QPushButton#resetAccountButton:focus { border-width: 2px; }"
                       "QPushButton#resetAccountButton:disabled { color: palette(mid); "
                       "border-color: palette(mid); }")
            .arg(red, tint));
}

void DangerZone::setUnavailable(const QString &why)
{
    m_unavailable = why;
    m_status->setText(why);
    updateButton();
}

void DangerZone::updateButton()
{
    m_reset->setEnabled(!m_artist.isEmpty() && !isResetting() && m_unavailable.isEmpty());
}

void DangerZone::requestReset()
{
    if (m_artist.isEmpty() || isResetting() || !m_unavailable.isEmpty())
        return;
    const Result<std::optional<Artist>> artist = m_reader.artist(m_artist);
    const QString account = artist && *artist && !(*artist)->account.isEmpty()
                                ? (*artist)->account
                                : tr("(none linked)");
    if (!m_prompter.confirm(
            this, tr("Reset Account"),
            tr("Reset the payout account of %1?\n\nThe Stripe connected account %2 will be "
               "unlinked. Money that is still pending is put on hold until an account is "
               "linked again; nothing is deleted.")
                .arg(m_artist, account),
            tr("&Continue…")))
        return;
    if (!m_prompter.confirmTyped(this, tr("Reset Account"),
                                 tr("This unlinks the account of %1 now. To undo it, a payout "
                                    "account has to be linked again.")
                                     .arg(m_artist),
                                 ConfirmWord, tr("&Reset Account")))
        return;
    startReset();
}

void DangerZone::startReset()
{
    m_resetArtist = m_artist;
    m_resetting = true;
    m_status->setText(tr("Writing a backup of the ledger…"));
    m_actions.resetAccount(
        m_resetArtist, m_actor, this,
        [this](const Result<AccountResetOutcome> &outcome) { onReset(outcome); });
    updateButton();
}

void DangerZone::onReset(const Result<AccountResetOutcome> &outcome)
{
    if (!outcome) {
        finishReset(false, tr("Nothing was changed: %1").arg(outcome.error().message));
        return;
    }
    QString message = tr("The account of %1 was reset. %n pending entries are on hold until a "
                         "payout account is linked again; nothing was deleted.",
                         nullptr, outcome->entriesHeld)
                          .arg(m_resetArtist);
    if (outcome->entriesSending > 0)
        message += u' ' + tr("%n entries were already on their way and stay in processing.",
                             nullptr, outcome->entriesSending);
    message += u'\n' + tr("Backup: %1").arg(outcome->backupPath);
    finishReset(true, message);
}

void DangerZone::finishReset(bool ok, const QString &message)
{
    m_resetting = false;
    m_status->setText(message);
    updateButton();
    if (ok)
        m_prompter.inform(this, tr("Reset Account"), message);
    else
        m_prompter.warn(this, tr("Reset Account"), message);
    Q_EMIT resetFinished(ok, message);
}
