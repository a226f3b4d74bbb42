#pragma once

#include <QGroupBox>

class AdminActions;
class DialogPrompter;
class QLabel;
class QLineEdit;
class QPushButton;

// Links an artist to a Stripe connected account (acct_...) through
// AdminActions::linkArtist, which also releases the money held for lack of an
// account (or after a reset) to be paid in the next run. Because that sends
// money to the account, the link is confirmed first. Also releases the
// artist's other held money (AdminActions::releaseHolds, after a confirmation
// and with an audit row), as `holds release` does.
class LinkArtistForm final : public QGroupBox
{
    Q_OBJECT
public:
    LinkArtistForm(AdminActions &actions, DialogPrompter &prompter, QWidget *parent = nullptr);

    void setArtist(const QString &artist);
    static bool isAccountId(const QString &text);
    // From a confirmed link until its answer came.
    bool isLinking() const { return m_linking; }

Q_SIGNALS:
    void linked(const QString &artist, const QString &account, int released);
    void holdsReleased(const QString &artist, int released);

private:
    void link();
    void releaseHolds();
    void updateButton();

    AdminActions &m_actions;
    bool m_linking = false;
    DialogPrompter &m_prompter;
    QLineEdit *m_artist = nullptr;
    QLineEdit *m_account = nullptr;
    QPushButton *m_link = nullptr;
    QPushButton *m_release = nullptr;
    QLabel *m_result = nullptr;
};
