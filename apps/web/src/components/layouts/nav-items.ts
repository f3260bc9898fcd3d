import DashboardOutlined from '@mui/icons-material/DashboardOutlined';
import Inventory2Outlined from '@mui/icons-material/Inventory2Outlined';
import MedicalServicesOutlined from '@mui/icons-material/MedicalServicesOutlined';
import SchoolOutlined from '@mui/icons-material/SchoolOutlined';
import CalendarMonthOutlined from '@mui/icons-material/CalendarMonthOutlined';
import AccountTreeOutlined from '@mui/icons-material/AccountTreeOutlined';
import MarkunreadMailboxOutlined from '@mui/icons-material/MarkunreadMailboxOutlined';
import ManageAccountsOutlined from '@mui/icons-material/ManageAccountsOutlined';
import type { SvgIconComponent } from '@mui/icons-material';
import { paths } from '../../config/paths';
import type { Policy } from '../../lib/authorization';

export interface NavItem {
  label: string;
  to: string;
  icon: SvgIconComponent;
  policy: Policy;
  /** highlighted on its own path only (the overview), not on the paths below it */
  end?: boolean;
}

/** The pages of the navigation, each shown only to accounts that may open it. */
export const NAV_ITEMS: readonly NavItem[] = [
  {
    label: 'Overview',
    to: paths.overview,
    icon: DashboardOutlined,
    policy: 'overview:view',
    end: true,
  },
  { label: 'Products', to: paths.products, icon: Inventory2Outlined, policy: 'products:view' },
  { label: 'Doctors', to: paths.doctors, icon: MedicalServicesOutlined, policy: 'doctors:view' },
  { label: 'Education', to: paths.education, icon: SchoolOutlined, policy: 'education:view' },
  {
    label: 'Schedules',
    to: paths.schedules,
    icon: CalendarMonthOutlined,
    policy: 'schedules:view',
  },
  { label: 'Sagas', to: paths.sagas, icon: AccountTreeOutlined, policy: 'sagas:view' },
  {
    label: 'Dead letters',
    to: paths.deadLetters,
    icon: MarkunreadMailboxOutlined,
    policy: 'dead-letters:view',
  },
  {
    label: 'Accounts',
    to: paths.accounts,
    icon: ManageAccountsOutlined,
    policy: 'accounts:view',
  },
];
