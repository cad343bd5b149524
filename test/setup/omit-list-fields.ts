// Setup of the "lists without fields" jest project (see test/setup/list-fields.ts).
process.env.ATLAS_SIM_LIST_FIELDS = 'omit';
