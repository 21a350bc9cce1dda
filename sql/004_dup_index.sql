-- ipdesk schema, version 4: duplicate search by right number reads the
-- newest cases citing a right from an index, instead of every case that
-- ever cited it (a famous trademark is cited by thousands).
ALTER TABLE complaint_right
  ADD KEY complaint_right_lookup (type, number, complaint_id);
