import { z } from 'zod';
import { isRegion } from '../domain/regions';

/** A region code used as a scope: province (2), city (4), county (6) or township (9). */
export const RegionCode = z
  .string()
  .regex(/^\d{2}(\d{2}){0,2}(\d{3})?$/, { message: 'must be a region code of 2, 4, 6 or 9 digits', abort: true })
  .refine(isRegion, 'is not a region of the administrative divisions');
