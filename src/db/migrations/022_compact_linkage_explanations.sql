-- What a run keeps to explain its linkage, compact (decision 016): the run keeps the linkage model it scored with,
-- once; each pair keeps only what the model cannot give back, the level each comparison reached and the weight it
-- added (term-frequency adjustments included), in the model's order of comparisons; each record in a kept pair
-- keeps the values its comparisons read. Explanations are rebuilt from these when a page is read.

-- The model is figures (m, u, λ, labels), not personal data, like the rest of a run: whoever reads the run reads it.
alter table identification_run add column linkage_model jsonb;
grant update (linkage_model) on identification_run to kindred_app;

-- The record's standardised values (variants joined by |) of each column the run model's comparisons read, once:
-- each comparison's column in order, then the name columns compared crosswise not among them. Null for records in
-- no kept pair.
alter table identified_person add column compared_values text[];

-- Pairs stored with their whole explanation cannot be rebuilt (a run that trained its own model kept none): they
-- are dropped, and the next run keeps its pairs in the new shape.
delete from identified_pair;
alter table identified_pair
  drop column explanation,
  add column levels smallint[] not null,
  add column log2_bayes_factors double precision[] not null,
  add column names_swapped boolean not null;
