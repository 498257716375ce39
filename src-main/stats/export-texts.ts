import type { Language } from '../../src-shared/contract/ipc';
import type { FailReason } from '../../src-shared/domain/verification';
import type { CallOutcome } from '../../src-shared/protocol/changes';
import type { DispatchChannel } from '../../src-shared/protocol/dispatch';

/** The words of the exported files (CSV, XLSX, PDF), which main writes without the renderer. */
export interface ExportTexts {
  locale: string;
  title: string;
  period: string;
  computedAt: string;
  fetchedAt: string;
  category: string;
  employeeFilter: string;
  all: string;
  keyFigures: string;
  sections: { groups: string; waitBands: string; outcomes: string; verification: string; documents: string; employees: string; reasons: string };
  groupBy: { day: string; weekday: string; hour: string };
  columns: {
    bookings: string;
    completed: string;
    noShows: string;
    noShowRate: string;
    cancelled: string;
    rescheduled: string;
    calls: string;
    waitP50: string;
    waitP90: string;
    durationP50: string;
    durationP90: string;
    lateStartP50: string;
    lateStartP90: string;
    interpreterCalls: string;
    band: string;
    citizens: string;
    outcome: string;
    count: string;
    check: string;
    channel: string;
    sent: string;
    done: string;
    failed: string;
    timeToDoneP50: string;
    timeToDoneP90: string;
    employee: string;
    kind: string;
    reason: string;
  };
  total: string;
  passed: string;
  failedCheck: string;
  cancellation: string;
  reschedule: string;
  bandOver: string;
  weekdays: readonly string[];
  outcomes: Record<CallOutcome, string>;
  failReasons: Record<FailReason, string>;
  channels: Record<DispatchChannel, string>;
  none: string;
}

const EL: ExportTexts = {
  locale: 'el-GR',
  title: 'Στατιστικά',
  period: 'Περίοδος',
  computedAt: 'Υπολογίστηκε',
  fetchedAt: 'Λήφθηκε από τον κόμβο',
  category: 'Κατηγορία',
  employeeFilter: 'Υπάλληλος',
  all: 'Όλες/όλοι',
  keyFigures: 'Βασικά μεγέθη',
  sections: {
    groups: 'Ανά ομάδα',
    waitBands: 'Χρόνος αναμονής',
    outcomes: 'Έκβαση κλήσεων',
    verification: 'Έλεγχοι ταυτότητας',
    documents: 'Έγγραφα ανά τρόπο αποστολής',
    employees: 'Ανά υπάλληλο',
    reasons: 'Λόγοι ακυρώσεων και αλλαγών',
  },
  groupBy: { day: 'Ημέρα', weekday: 'Ημέρα εβδομάδας', hour: 'Ώρα' },
  columns: {
    bookings: 'Κρατήσεις',
    completed: 'Ολοκληρώθηκαν',
    noShows: 'Δεν προσήλθαν',
    noShowRate: 'Ποσοστό μη προσέλευσης (%)',
    cancelled: 'Ακυρώσεις',
    rescheduled: 'Αλλαγές ώρας',
    calls: 'Κλήσεις',
    waitP50: 'Αναμονή διάμεσος (λεπτά)',
    waitP90: 'Αναμονή 90% (λεπτά)',
    durationP50: 'Διάρκεια διάμεσος (λεπτά)',
    durationP90: 'Διάρκεια 90% (λεπτά)',
    lateStartP50: 'Καθυστέρηση έναρξης διάμεσος (λεπτά)',
    lateStartP90: 'Καθυστέρηση έναρξης 90% (λεπτά)',
    interpreterCalls: 'Κλήσεις με διερμηνέα',
    band: 'Αναμονή (λεπτά)',
    citizens: 'Πολίτες',
    outcome: 'Έκβαση',
    count: 'Πλήθος',
    check: 'Έλεγχος',
    channel: 'Τρόπος',
    sent: 'Στάλθηκαν',
    done: 'Παραδόθηκαν',
    failed: 'Απέτυχαν',
    timeToDoneP50: 'Ως την παράδοση διάμεσος (λεπτά)',
    timeToDoneP90: 'Ως την παράδοση 90% (λεπτά)',
    employee: 'Υπάλληλος',
    kind: 'Είδος',
    reason: 'Λόγος',
  },
  total: 'Σύνολο',
  passed: 'Επιτυχείς',
  failedCheck: 'Αποτυχία',
  cancellation: 'Ακύρωση',
  reschedule: 'Αλλαγή ώρας',
  bandOver: 'και άνω',
  weekdays: ['Δευτέρα', 'Τρίτη', 'Τετάρτη', 'Πέμπτη', 'Παρασκευή', 'Σάββατο', 'Κυριακή'],
  outcomes: { completed: 'Ολοκληρώθηκε', incomplete: 'Χρειάζεται συνέχεια', citizen_left: 'Ο πολίτης αποχώρησε', technical: 'Τεχνικό πρόβλημα' },
  failReasons: {
    poor_video: 'Κακή εικόνα',
    document_not_accepted: 'Το έγγραφο δεν έγινε δεκτό',
    data_mismatch: 'Τα στοιχεία δεν ταιριάζουν',
    citizen_refused: 'Ο πολίτης αρνήθηκε',
    technical: 'Τεχνικό πρόβλημα',
  },
  channels: { email: 'E-mail', inbox: 'Θυρίδα πολίτη', post: 'Ταχυδρομείο' },
  none: '—',
};

const EN: ExportTexts = {
  locale: 'en-GB',
  title: 'Statistics',
  period: 'Period',
  computedAt: 'Computed',
  fetchedAt: 'Fetched from the hub',
  category: 'Category',
  employeeFilter: 'Employee',
  all: 'All',
  keyFigures: 'Key figures',
  sections: {
    groups: 'By group',
    waitBands: 'Waiting time',
    outcomes: 'Call outcomes',
    verification: 'Identity checks',
    documents: 'Documents by channel',
    employees: 'By employee',
    reasons: 'Cancellation and reschedule reasons',
  },
  groupBy: { day: 'Day', weekday: 'Weekday', hour: 'Hour' },
  columns: {
    bookings: 'Bookings',
    completed: 'Completed',
    noShows: 'No-shows',
    noShowRate: 'No-show rate (%)',
    cancelled: 'Cancelled',
    rescheduled: 'Rescheduled',
    calls: 'Calls',
    waitP50: 'Wait median (min)',
    waitP90: 'Wait 90th pct (min)',
    durationP50: 'Duration median (min)',
    durationP90: 'Duration 90th pct (min)',
    lateStartP50: 'Late start median (min)',
    lateStartP90: 'Late start 90th pct (min)',
    interpreterCalls: 'Calls with an interpreter',
    band: 'Wait (min)',
    citizens: 'Citizens',
    outcome: 'Outcome',
    count: 'Count',
    check: 'Check',
    channel: 'Channel',
    sent: 'Sent',
    done: 'Delivered',
    failed: 'Failed',
    timeToDoneP50: 'To delivery median (min)',
    timeToDoneP90: 'To delivery 90th pct (min)',
    employee: 'Employee',
    kind: 'Kind',
    reason: 'Reason',
  },
  total: 'Total',
  passed: 'Passed',
  failedCheck: 'Failed',
  cancellation: 'Cancellation',
  reschedule: 'Reschedule',
  bandOver: 'and over',
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  outcomes: { completed: 'Completed', incomplete: 'Needs follow-up', citizen_left: 'Citizen left', technical: 'Technical problem' },
  failReasons: {
    poor_video: 'Poor video',
    document_not_accepted: 'Document not accepted',
    data_mismatch: 'Data mismatch',
    citizen_refused: 'Citizen refused',
    technical: 'Technical problem',
  },
  channels: { email: 'E-mail', inbox: 'Citizen inbox', post: 'Post' },
  none: '—',
};

export function exportTexts(language: Language): ExportTexts {
  return language === 'el' ? EL : EN;
}
