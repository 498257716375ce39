/** Common Greek names, with the feminine form of each surname (the genitive-derived one). */
export const MALE_FIRST_NAMES = [
  'Γιώργος', 'Δημήτρης', 'Κωνσταντίνος', 'Νικόλαος', 'Ιωάννης', 'Παναγιώτης', 'Βασίλειος', 'Χρήστος',
  'Αθανάσιος', 'Μιχαήλ', 'Ευάγγελος', 'Σπυρίδων', 'Αντώνιος', 'Ηλίας', 'Θεόδωρος', 'Στέλιος',
];

export const FEMALE_FIRST_NAMES = [
  'Μαρία', 'Ελένη', 'Αικατερίνη', 'Βασιλική', 'Σοφία', 'Αγγελική', 'Γεωργία', 'Δήμητρα',
  'Ευαγγελία', 'Κωνσταντίνα', 'Ιωάννα', 'Παρασκευή', 'Χριστίνα', 'Αναστασία', 'Ειρήνη', 'Θεοδώρα',
];

export const SURNAMES: ReadonlyArray<{ male: string; female: string; latin: string }> = [
  { male: 'Παπαδόπουλος', female: 'Παπαδοπούλου', latin: 'papadopoulos' },
  { male: 'Παπαγεωργίου', female: 'Παπαγεωργίου', latin: 'papageorgiou' },
  { male: 'Οικονόμου', female: 'Οικονόμου', latin: 'oikonomou' },
  { male: 'Γεωργίου', female: 'Γεωργίου', latin: 'georgiou' },
  { male: 'Νικολάου', female: 'Νικολάου', latin: 'nikolaou' },
  { male: 'Βασιλείου', female: 'Βασιλείου', latin: 'vasileiou' },
  { male: 'Κωνσταντινίδης', female: 'Κωνσταντινίδου', latin: 'konstantinidis' },
  { male: 'Αντωνίου', female: 'Αντωνίου', latin: 'antoniou' },
  { male: 'Μακρής', female: 'Μακρή', latin: 'makris' },
  { male: 'Καραγιάννης', female: 'Καραγιάννη', latin: 'karagiannis' },
  { male: 'Ιωάννου', female: 'Ιωάννου', latin: 'ioannou' },
  { male: 'Δημητρίου', female: 'Δημητρίου', latin: 'dimitriou' },
  { male: 'Αλεξίου', female: 'Αλεξίου', latin: 'alexiou' },
  { male: 'Παππάς', female: 'Παππά', latin: 'pappas' },
  { male: 'Λαμπρόπουλος', female: 'Λαμπροπούλου', latin: 'lampropoulos' },
  { male: 'Χατζηδάκης', female: 'Χατζηδάκη', latin: 'chatzidakis' },
  { male: 'Σταθόπουλος', female: 'Σταθοπούλου', latin: 'stathopoulos' },
  { male: 'Μιχαηλίδης', female: 'Μιχαηλίδου', latin: 'michailidis' },
  { male: 'Ζαχαρίου', female: 'Ζαχαρίου', latin: 'zachariou' },
  { male: 'Τσακίρης', female: 'Τσακίρη', latin: 'tsakiris' },
];

export const STREETS = ['Ερμού', 'Σταδίου', 'Πανεπιστημίου', 'Αθηνάς', 'Εγνατίας', 'Τσιμισκή', 'Κορίνθου', 'Μαιζώνος', 'Αγίου Νικολάου', 'Ελευθερίου Βενιζέλου'];
