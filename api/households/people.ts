/**
 * SQL for "the household" of the chain and of the duplicate-aid rule: a
 * household is its applicant and its members as last investigated; a person
 * may be on record in more than one (a member of their parents' and the
 * applicant of their own), and every one of them counts.
 */

/** Household ids a person belongs to, as applicant or member ($n is the person_ref). */
export const householdsOfPerson = (param: string) =>
  `SELECT household_id FROM households WHERE applicant_person_ref = ${param}
   UNION SELECT household_id FROM household_members WHERE person_ref = ${param}`;

/** Every person of the households selected by `households` (a query of household_id). */
export const peopleOfHouseholds = (households: string) =>
  `SELECT applicant_person_ref AS person_ref FROM households WHERE household_id IN (${households})
   UNION SELECT person_ref FROM household_members WHERE household_id IN (${households})`;
