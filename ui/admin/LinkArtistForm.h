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
// money to the account, the link is confirmed first.
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

private:
    void link();
    void updateButton();

    AdminActions &m_actions;
    bool m_linking = false;
    DialogPrompter &m_prompter;
    QLineEdit *m_artist = nullptr;
    QLineEdit *m_account = nullptr;
    QPushButton *m_link = nullptr;
    QLabel *m_result = nullptr;
};
