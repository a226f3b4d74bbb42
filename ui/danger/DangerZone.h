#pragma once

#include "account/AccountReset.h"

#include <QWidget>

class AdminActions;
class DialogPrompter;
class LedgerReader;
class QFrame;
class QLabel;
class QPushButton;
class QToolButton;

// "Advanced Account Management": a section collapsed by default behind a
// toggle with an arrow, styled as a danger zone (red accents chosen for the
// palette, so they read on light and dark themes), holding Reset Account.
// Reset asks twice through the DialogPrompter (a confirmation, then the
// word RESET typed exactly); Cancel at either step changes nothing. Then
// AdminActions::resetAccount writes the ledger backup (seconds on a large
// ledger, so never on this thread) and resets the account; the zone says
// what it is doing until the answer comes.
class DangerZone final : public QWidget
{
    Q_OBJECT
public:
    static inline const QString ConfirmWord = QStringLiteral("RESET");

    DangerZone(LedgerReader &reader, AdminActions &actions, DialogPrompter &prompter,
               QWidget *parent = nullptr);

    void setArtist(const QString &artist);
    // Who the audit row names: "artist" in the artist's window, "admin" in
    // the admin view.
    void setActor(const QString &actor) { m_actor = actor; }
    bool isExpanded() const;
    // Resets are not this window's to make (a window connected to a store:
    // the store resets accounts); `why` says so where the button was.
    void setUnavailable(const QString &why);
    bool isResetting() const { return m_resetting; }

public Q_SLOTS:
    void setExpanded(bool expanded);
    void requestReset();

Q_SIGNALS:
    void expandedChanged(bool expanded);
    void resetFinished(bool ok, const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void startReset();
    void onReset(const Result<AccountResetOutcome> &outcome);
    void finishReset(bool ok, const QString &message);
    void updateStyle();
    void updateButton();

    LedgerReader &m_reader;
    AdminActions &m_actions;
    DialogPrompter &m_prompter;
    QString m_artist;
    QString m_resetArtist; // the artist being reset, fixed when the reset starts
    QString m_actor = QStringLiteral("artist");
    QString m_unavailable;
    bool m_resetting = false; // from the confirmed request until resetFinished
    QToolButton *m_toggle = nullptr;
    QFrame *m_content = nullptr;
    QLabel *m_explanation = nullptr;
    QPushButton *m_reset = nullptr;
    QLabel *m_status = nullptr;
};
