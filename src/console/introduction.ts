// The schema's own description: GraphiQL shows it at the root of the docs explorer, so it is the
// first thing an administrator reads there. Bahasa Indonesia first (the console's users), English last.

export const SCHEMA_INTRODUCTION = `tuntas: penanganan pengaduan SP4N-LAPOR! sesuai SOP "Penanganan Laporan Masyarakat Melalui Aplikasi LAPOR!".

Tab yang siap dijalankan di konsol, berurutan seperti SOP:
- Masuk (login; bila diminta, kode kedua dengan completeSecondFactorLogin)
- DaftarLaporan (complaints): laporan yang boleh Anda lihat, dengan id, version dan allowedActions
- Langkah 1 terima (receiveComplaint), 2 catat (registerComplaint), 3 disposisi (disposeComplaint),
  4 rumuskan (formulateFollowUp), 5 hasil (recordFollowUpResult), 6 laporan (compileFollowUpReport),
  7 tanggapan (deliverResponse), lalu umpan balik pelapor (recordComplainantFeedback)
- BukuRegister (registerBook) dan StatusPublik (complaintStatus)

Setiap langkah menerima id laporan dan expectedVersion (nilai version terakhir) dan menjawab dengan Complaint
atau galat bertipe (mis. IllegalTransitionError bila langkah belum gilirannya); pilih field di fragment
"... on Complaint" dan "... on Error". Pilih Query atau Mutation di bawah untuk semua operasi.

English: the GraphQL API of tuntas; every SOP step is a mutation answering Complaint or a typed error.`;
