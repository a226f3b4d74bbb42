#pragma once

#include "ContractSeed.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QObject>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <optional>

// The ledger contract (ARCHITECTURE.md, "Growing past one machine": both
// backends pass one ledger contract test suite). Every test goes through
// Ledger and its store interfaces only, never SQL, so it runs unchanged on
// any backend. A backend joins with one small tst file that describes it in
// a LedgerContract::Backend and runs this object (tst_ledger_contract_sqlite.cpp).
class LedgerContract final : public QObject
{
    Q_OBJECT
public:
    struct Backend
    {
        QString name;
        // A new, empty ledger that no other test uses; called once per test.
        std::function<Result<LedgerLocation>()> freshLocation;
        // Where a copy written by BackupStore::backupTo opens as a ledger;
        // nullopt when this backend's copies are not a ledger in place (the
        // backup test then checks the file only).
        std::function<std::optional<LedgerLocation>(const QString &backupFile)> backupLocation;
        // Optional: called after each test with its location, once every
        // connection to it is closed (a server drops the test's database).
        std::function<void(const LedgerLocation &)> discard;
        // Not empty: every test skips with this reason (a server not configured).
        QString skipReason;
    };

    explicit LedgerContract(Backend backend, QObject *parent = nullptr);
    ~LedgerContract() override;

    using Item = ContractSeed::Item;

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // Transactions.
    void failedWriteLeavesNothing();
    void rehearseSeesItsChangesThenRollsBack();
    void nestedWriteJoinsTheOuterOne();
    void changedIsEmittedAfterACommitOnly();
    void storeCallOutsideAWriteCommitsOnItsOwn();
    void secondConnectionSeesCommittedMoney();
    void openAsFoundReadsAnExistingLedgerAsItIs();

    // Intake.
    void processedEventIdsAreRemembered();
    void quarantineKeepsTheBodyWholeWithItsReason();
    void quarantineTakesABodyWithoutIdOrType();
    void markReplayedReopensTheEventForIntake();
    void insertedEntriesReadBackInOrderWithTheirFields();
    void insertEntriesAppendsToTheGivenIds();
    void hasEntryMatchesPaymentIntentArtistTrackAndKind();
    void balancesFollowTotalsAndStateChanges();
    void ingestedTotalIsWhatTotalsSayPerArtistAndCurrency();
    void fullRefundVoidsOpenEntriesAndListsTransferredOnes();
    void upsertSaleLearnsThePaymentIntentLater();
    void saleAndEntryAmountReadBackWhatIntakeWrote();

    // Accounts.
    void setAccountCreatesLinksAndUnlinks();
    void moveEntriesMovesOnlyMatchingStateAndReason();
    void accountsAreFoundByTheirArtistsAndHolds();

    // Payouts.
    void dueEntriesAreOldestFirstForLinkedArtistsOnly();
    void dueEntriesHoldMoneyOfArtistsWithoutAccount();
    void claimWritesSendingWithDerivedKeysAndIncreasingRows();
    void claimOfAnEntryNoLongerPendingConflictsAndLeavesNothing();
    void claimOfManyKeepsEachTransferAsGivenAndAuditsInOrder();
    void recordPaidKeepsTheTransfer();
    void paidTransfersListAnArtistsPaymentsWithTheirTime();
    void recordRetryBacksOffThenIsDueAgain();
    void recordHeldHoldsWithTheReason();
    void recordUnknownKeepsTheEntriesSending();
    void unresolvedListsSendingAttemptsAfterAReopen();
    void releaseUnsentReturnsEntriesToPending();
    void recordNotCreatedMakesEntriesClaimableUnderANewKey();
    void setChargeIdShowsInDueEntries();
    void markWaitingKeepsTheLastErrorAndClaimClearsTheReason();
    void reversalsAreKeyedOnceAndSettleAsReversedOrClawback();
    void aReversalRetryWaitsAndAnEntryPaidAfterItsRefundIsReversedToo();

    // Run lease.
    void leaseIsTakenRenewedAndReleased();
    void secondHolderIsRefusedUntilTheLeaseExpires();
    void replacingTakesOverFromTheNamedHolderOnly();

    // Inbox.
    void journalReturnsIdsInOrderAndKeepsBodies();
    void dueHonoursLimitAndAfterId();
    void attemptFailedHoldsARowBackUntilItsRetryTime();
    void markAppliedTakesRowsOutOfTheBacklog();
    void backlogCountsWaitingRowsAndTheOldest();

    // Cleanup.
    void duplicateCopiesListsLaterCopiesOnly();
    void invalidOpenEntriesListsUnpayableOpenEntries();
    void voidEntryVoidsWithTheReason();
    void archiveProcessedEventsMovesOnlyOldIds();
    void archiveQuarantineArchivesOnlyOldRows();
    void dismissQuarantinedClosesOnlyAnOpenRow();
    void countStuckSendingCountsOnlyOldClaims();

    // Meta, change feed, backup, audit.
    void metaIsEmptyUntilWrittenThenRoundTrips();
    void changeVersionMovesOnlyWhenSomethingCommits();
    void changeVersionSeesAnotherConnectionsCommit();
    void backupOpensAsALedgerWithTheSameBalances();
    void backupRefusesAnExistingTarget();
    void auditAppendCommitsInsideAWrite();
    void auditRowsFilterByArtistAndTimeOldestFirst();

    // Reader.
    void entriesFilterByArtistStatesLimitAndOffset();
    void entriesAfterAKeyStayPutWhileEarlierOnesMove();
    void stateCountsCountEveryState();
    void heldTotalsSumPerReason();
    void artistsListsKnownArtists();
    void verifyPassesOnAFreshLedger();

    // Conservation of money.
    void moneyIsConservedThroughAMixedScenario();

    // Artist tokens (LedgerContractTokens.cpp).
    void issuedTokensAuthenticateTheirOwnArtist();
    void issueRefusesAnUnknownArtist();
    void revokedTokenIsRefusedAtOnce();
    void unknownOrMalformedTokensAreRefused();
    void authenticateRecordsLastUseAtMostOncePerMinute();
    void recordUsesWritesLiveTokensAtMostOncePerMinute();
    void backupHoldsTheTokensHashNeverTheToken();
    void metaStoresAnEmptyValueForANullString();

private:
    Ledger &ledger() { return *m_ledger; }
    Status reopen();
    std::unique_ptr<Ledger> openSecond();
    // One cart purchase through IntakeStore, as intake writes it: the sale,
    // its entries and its totals in one write. Returns the entries' ids.
    Result<QList<qint64>> sale(const QString &paymentIntent, const QList<Item> &items,
                               qint64 createdAtMs = 0,
                               const QString &currency = QStringLiteral("gbp"));
    Status link(const QString &artist, const QString &account);
    Result<Entry> entry(qint64 id);
    Result<PayoutGroup> group(const QList<qint64> &ids);
    Result<ClaimedTransfer> claimOne(const QList<qint64> &ids);
    Result<ArtistBalance> balance(const QString &artist,
                                  const QString &currency = QStringLiteral("gbp"));

    Backend m_backend;
    QTemporaryDir m_files; // backups
    ManualClock m_clock;
    LedgerLocation m_location;
    std::unique_ptr<Ledger> m_ledger;
    qint64 m_startMs = 0;
    int m_backups = 0;
};
