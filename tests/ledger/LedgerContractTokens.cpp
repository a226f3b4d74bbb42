// The contract of the artists' API tokens (TokenStore), and of the meta
// value the engine clears when it stops.
#include "ContractSupport.h"

#include <QFile>
#include <QTest>

using namespace contract;

namespace {
const QString kArt1 = QStringLiteral("art_1");
const QString kArt2 = QStringLiteral("art_2");
} // namespace

void LedgerContract::issuedTokensAuthenticateTheirOwnArtist()
{
    PD_OK(link(kArt1, QStringLiteral("acct_1")));
    PD_OK(link(kArt2, {}));
    TokenStore &tokens = ledger().tokens();
    const IssuedArtistToken a = tokens.issue(kArt1, QStringLiteral("laptop")).value();
    const IssuedArtistToken b = tokens.issue(kArt2, {}).value();
    QVERIFY(a.secret.startsWith(u"pd_art_"));
    QCOMPARE(a.secret.size(), 7 + 43);
    QVERIFY(ArtistToken::looksValid(a.secret));
    QVERIFY(a.secret != b.secret);
    QVERIFY(a.info.id > 0 && b.info.id > a.info.id);
    QCOMPARE(a.info.artist, kArt1);
    QCOMPARE(a.info.createdAt, m_clock.now());

    QCOMPARE(tokens.authenticate(a.secret).value(), std::optional<QString>(kArt1));
    QCOMPARE(tokens.authenticate(b.secret).value(), std::optional<QString>(kArt2));

    const QList<ArtistTokenInfo> all = tokens.list().value();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all[0].id, a.info.id);
    QCOMPARE(all[0].label, QStringLiteral("laptop"));
    QCOMPARE(all[1].label, QString());
    QVERIFY(!all[0].revoked());
    const QList<ArtistTokenInfo> mine = tokens.list(kArt2).value();
    QCOMPARE(mine.size(), 1);
    QCOMPARE(mine[0].artist, kArt2);

    // Another connection (another serve instance) knows the token too.
    const std::unique_ptr<Ledger> other = openSecond();
    QVERIFY(other);
    QCOMPARE(other->tokens().authenticate(a.secret).value(), std::optional<QString>(kArt1));
}

void LedgerContract::issueRefusesAnUnknownArtist()
{
    const Result<IssuedArtistToken> t = ledger().tokens().issue(QStringLiteral("art_typo"), {});
    QVERIFY(!t);
    QCOMPARE(t.error().kind, Error::Kind::Validation);
    QVERIFY(t.error().message.contains(u"art_typo"));
    QVERIFY(ledger().tokens().list().value().isEmpty());
}

void LedgerContract::revokedTokenIsRefusedAtOnce()
{
    PD_OK(link(kArt1, {}));
    TokenStore &tokens = ledger().tokens();
    const IssuedArtistToken a = tokens.issue(kArt1, {}).value();
    const IssuedArtistToken keep = tokens.issue(kArt1, QStringLiteral("phone")).value();
    QVERIFY(tokens.authenticate(a.secret).value());
    m_clock.advanceSecs(5);
    QCOMPARE(tokens.revoke(a.info.id).value(), true);
    QVERIFY(!tokens.authenticate(a.secret).value());
    // Only that token: the artist's other one still works.
    QCOMPARE(tokens.authenticate(keep.secret).value(), std::optional<QString>(kArt1));
    QCOMPARE(tokens.revoke(a.info.id).value(), false);          // revoked before
    QCOMPARE(tokens.revoke(keep.info.id + 100).value(), false); // no such token
    const QList<ArtistTokenInfo> all = tokens.list(kArt1).value();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all[0].revokedAt, m_clock.now());
    QVERIFY(!all[1].revoked());
    // A revocation holds for every connection, and after a reopen.
    PD_OK(reopen());
    QVERIFY(!ledger().tokens().authenticate(a.secret).value());
}

void LedgerContract::unknownOrMalformedTokensAreRefused()
{
    PD_OK(link(kArt1, {}));
    const IssuedArtistToken a = ledger().tokens().issue(kArt1, {}).value();
    QString changed = a.secret;
    changed[changed.size() - 1] = changed.back() == u'A' ? u'B' : u'A';
    const QStringList refused{QString(),
                              QStringLiteral("pd_art_"),
                              QStringLiteral("pd_art_short"),
                              changed,
                              ArtistToken::generate(), // well formed, never issued
                              a.secret + u'x',
                              a.secret.mid(7),
                              QStringLiteral("pd_art_") + QString(43, u'!'),
                              QStringLiteral("' OR 1=1 --")};
    for (const QString &s : refused)
        QVERIFY2(!ledger().tokens().authenticate(s).value(), qPrintable(s));
}

void LedgerContract::authenticateRecordsLastUseAtMostOncePerMinute()
{
    PD_OK(link(kArt1, {}));
    TokenStore &tokens = ledger().tokens();
    const IssuedArtistToken a = tokens.issue(kArt1, {}).value();
    QVERIFY(!tokens.list().value()[0].lastUsedAt.isValid());
    m_clock.advanceSecs(10);
    const QDateTime firstUse = m_clock.now();
    QVERIFY(tokens.authenticate(a.secret).value());
    QCOMPARE(tokens.list().value()[0].lastUsedAt, firstUse);
    const qint64 version = ledger().changes().version().value();
    m_clock.advanceSecs(30);
    QVERIFY(tokens.authenticate(a.secret).value());
    QCOMPARE(tokens.list().value()[0].lastUsedAt, firstUse);
    QCOMPARE(ledger().changes().version().value(), version); // nothing written
    m_clock.advanceSecs(31);
    QVERIFY(tokens.authenticate(a.secret).value());
    QCOMPARE(tokens.list().value()[0].lastUsedAt, m_clock.now());
}

void LedgerContract::recordUsesWritesLiveTokensAtMostOncePerMinute()
{
    // A server's batch of the uses its requests only checked: each live
    // token's last use, none for a revoked or unknown one, and a use less
    // than a minute after the last written leaves it as it is.
    PD_OK(link(kArt1, {}));
    TokenStore &tokens = ledger().tokens();
    const IssuedArtistToken a = tokens.issue(kArt1, QStringLiteral("a")).value();
    const IssuedArtistToken b = tokens.issue(kArt1, QStringLiteral("b")).value();
    const IssuedArtistToken gone = tokens.issue(kArt1, QStringLiteral("gone")).value();
    QVERIFY(tokens.revoke(gone.info.id).value());
    const auto lastUse = [&](const QString &label) {
        const QList<ArtistTokenInfo> all = tokens.list().value();
        for (const ArtistTokenInfo &t : all)
            if (t.label == label)
                return t.lastUsedAt;
        return QDateTime();
    };
    m_clock.advanceSecs(10);
    const QDateTime first = m_clock.now();
    PD_OK(tokens.recordUses({a.secret, b.secret, gone.secret, QStringLiteral("pd_art_nonsense"),
                             QStringLiteral("not a token")}));
    QCOMPARE(lastUse(QStringLiteral("a")), first);
    QCOMPARE(lastUse(QStringLiteral("b")), first);
    QVERIFY(!lastUse(QStringLiteral("gone")).isValid());

    m_clock.advanceSecs(30);
    PD_OK(tokens.recordUses({a.secret}));
    QCOMPARE(lastUse(QStringLiteral("a")), first);
    m_clock.advanceSecs(30);
    PD_OK(tokens.recordUses({a.secret, QString()}));
    QCOMPARE(lastUse(QStringLiteral("a")), m_clock.now());
    QCOMPARE(lastUse(QStringLiteral("b")), first);
    PD_OK(tokens.recordUses({}));
    // Inside a caller's write it joins that write.
    m_clock.advanceSecs(60);
    PD_OK(ledger().write([&] { return tokens.recordUses({b.secret}); }));
    QCOMPARE(lastUse(QStringLiteral("b")), m_clock.now());
}

void LedgerContract::backupHoldsTheTokensHashNeverTheToken()
{
    PD_OK(link(kArt1, {}));
    const IssuedArtistToken a = ledger().tokens().issue(kArt1, {}).value();
    const QString target = m_files.filePath(
        QStringLiteral("backup-%1%2").arg(++m_backups).arg(ledger().backup().fileSuffix()));
    PD_OK(ledger().backup().backupTo(target));
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.contains(a.secret.toUtf8()));
    QVERIFY(!bytes.contains(a.secret.mid(7).toUtf8()));
    QVERIFY(bytes.contains(ArtistToken::hash(a.secret)));
    const std::optional<LedgerLocation> copyAt =
        m_backend.backupLocation ? m_backend.backupLocation(target) : std::nullopt;
    if (!copyAt)
        return;
    Ledger copy(*copyAt, m_clock);
    PD_OK(copy.open());
    QCOMPARE(copy.tokens().authenticate(a.secret).value(), std::optional<QString>(kArt1));
}

void LedgerContract::metaStoresAnEmptyValueForANullString()
{
    // The engine clears its next run when it stops; the value column is NOT
    // NULL, so a null string must be stored as "" and never roll back.
    MetaStore &m = ledger().meta();
    PD_OK(m.setValue(QStringLiteral("scheduler.next_run"), QStringLiteral("2026-01-01T00:00:00Z")));
    PD_OK(m.setValue(QStringLiteral("scheduler.next_run"), QString()));
    QCOMPARE(m.value(QStringLiteral("scheduler.next_run")).value(), QString());
    PD_OK(m.setValue(QStringLiteral("scheduler.next_run"), QStringLiteral("")));
    QCOMPARE(m.value(QStringLiteral("scheduler.next_run")).value(), QString());
}
