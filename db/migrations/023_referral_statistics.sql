-- The monthly statistics count referrals by the day they were made, per region prefix;
-- the hourly reconciliation looks referrals up by case and item (the UNIQUE constraint).
CREATE INDEX referrals_referred_on ON referrals (referred_on, township_code);
