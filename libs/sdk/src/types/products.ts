/** Products, their audience targets and the product session workflow (see types.ts). */

/** A product as submitted. Amounts are JSON numbers or decimal strings. */
export interface ProductInput {
  /** 3..40 characters of A-Z, 0-9 and - (stored upper case), unique */
  productCode: string;
  productName: string;
  productDescription?: string | null;
  productCategory: number;
  productStatus: number;
  productGlCode: number;
  /** 0..999999.99 */
  generalPrice: string | number;
  otStuPrice?: string | number | null;
  inventory?: number | null;
  taxes?: string | number;
  shipping?: string | number;
  /** a 4-digit year, like "2026" */
  productYear: string;
  activeMembershipOnly?: boolean;
  postPurchaseInfo?: string | null;
}

/** Who may see a product: per criterion the choice values admitted; omitted or null admits all. */
export interface AudienceTarget {
  osot_location_province?: number[] | null;
  osot_registration_class?: number[] | null;
  osot_practice_area?: number[] | null;
  osot_years_in_practice?: number[] | null;
  osot_employment_status?: number[] | null;
  osot_employment_sector?: number[] | null;
}

export interface StoredTarget {
  osot_location_province: number[] | null;
  osot_registration_class: number[] | null;
  osot_practice_area: number[] | null;
  osot_years_in_practice: number[] | null;
  osot_employment_status: number[] | null;
  osot_employment_sector: number[] | null;
}

/** A product as the gateway returns it (amounts as JSON numbers). */
export interface StagedProduct {
  productCode: string;
  productName: string;
  productDescription: string | null;
  productCategory: number;
  productStatus: number;
  productGlCode: number;
  generalPrice: number;
  otStuPrice: number | null;
  inventory: number | null;
  taxes: number;
  shipping: number;
  productYear: string;
  activeMembershipOnly: boolean;
  postPurchaseInfo: string | null;
}

export interface ProductTarget extends StoredTarget {
  id: string;
  updatedAt: string;
}

export interface Product extends StagedProduct {
  id: string;
  createdAt: string;
  updatedAt: string;
  target: ProductTarget;
}

export interface ListProductsQuery {
  page?: number;
  limit?: number;
  category?: number;
  status?: number;
  year?: string;
  search?: string;
  province?: number;
  registrationClass?: number;
  practiceArea?: number;
  yearsInPractice?: number;
  employmentStatus?: number;
  employmentSector?: number;
}

/** One choice of an option set: the integer stored, the label people read. */
export interface ProductOption {
  value: number;
  label: string;
}

/** GET /private/products/options: every choice field's option set, each in display order. */
export interface ProductOptions {
  category: ProductOption[];
  status: ProductOption[];
  glCode: ProductOption[];
  osot_location_province: ProductOption[];
  osot_registration_class: ProductOption[];
  osot_practice_area: ProductOption[];
  osot_years_in_practice: ProductOption[];
  osot_employment_status: ProductOption[];
  osot_employment_sector: ProductOption[];
}

export type ProductSessionState =
  'initiated' | 'product-added' | 'target-configured' | 'committed' | 'failed';

/** POST .../session/create */
export interface ProductSessionCreated {
  sessionId: string;
  state: 'initiated';
  userId: string;
  organizationGuid: string | null;
  createdAt: string;
  expiresAt: string;
}

/** The reply of a session step: the session as it now stands. */
export interface ProductSession {
  sessionId: string;
  state: ProductSessionState;
  product: StagedProduct | null;
  audienceTarget: StoredTarget | null;
  version: number;
  updatedAt: string;
  expiresAt: string;
}

export interface ProductSessionProgress {
  sessionId: string;
  state: ProductSessionState;
  percentage: 25 | 50 | 75 | 100;
  canCommit: boolean;
  hasProduct: boolean;
  hasTarget: boolean;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  secondsRemaining: number;
  version: number;
  productGuid: string | null;
  lastError: { statusCode: number; message: string; errors: string[] } | null;
}

/** A committed session (a commit that failed is an error reply with its own status). */
export interface ProductCommitResult {
  success: true;
  productGuid: string;
  targetGuid: string;
  productCode: string;
  operationId: string;
}
